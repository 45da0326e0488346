export {
  BrowserNotFoundError,
  type ChromiumPdfPrinter,
  chromiumCandidates,
  chromiumFlags,
  chromiumPdfPrinter,
  findChromium,
} from './chromiumPdfPrinter';
