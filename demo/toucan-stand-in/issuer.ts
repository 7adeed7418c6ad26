/** `iss` of every token minted by the Toucan AI stand-in (checked by its embed.js). */
export const STAND_IN_ISSUER = 'toucan-stand-in';
