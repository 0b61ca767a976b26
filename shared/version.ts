/** The workbench's version, recorded with every audit and run (a test keeps it equal to package.json's). */
export const TOOL_VERSION = '0.1.0';
