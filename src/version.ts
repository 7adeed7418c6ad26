/** This package's version; a Node test keeps it equal to package.json's. */
export const VERSION = '0.1.0';
