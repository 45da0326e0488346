export { BrowserNotFoundError, chromiumCandidates, chromiumFlags, chromiumPdfPrinter, findChromium } from './chromiumPdfPrinter';
