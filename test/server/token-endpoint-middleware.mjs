export function tokenEndpointMiddleware() { return async (ctx, next) => next(); }
