// The platform's version, as a constant rather than read from package.json at run
// time: the shipped platform is a bundle whose files do not sit where the
// server's package.json does. version.test.ts keeps it equal to package.json.
export const PLATFORM_VERSION = '0.1.0';
