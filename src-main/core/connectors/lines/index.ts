export { bodyChunks, splitLines } from './jsonLines';
