/**
 * The command bar's core half: a deterministic parser for the questions CSMs type (Ctrl/Cmd+K) and a
 * fuzzy customer matcher. Pure TypeScript, no I/O: the handler passes the customer directory in.
 */
export { exampleQuestions, type InterpretOptions, interpretCommand } from './interpret';
export { type CustomerResolution, customerScore, resolveCustomer } from './match';
export { editDistance, normalize, type ParsedCommand, parseCommand } from './parse';
