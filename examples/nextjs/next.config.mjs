/** @type {import('next').NextConfig} */
const nextConfig = {
  // This example lives inside the package's repository: keep Next.js to this folder.
  turbopack: { root: import.meta.dirname },
  outputFileTracingRoot: import.meta.dirname,
};

export default nextConfig;
