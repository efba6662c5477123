export { main, type CommandRegistrar } from './main.ts';
export { processIo, UsageError, type Io } from './io.ts';
