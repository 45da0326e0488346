export { formatDay, formatNumber, formatWithUnit } from './format';
export { type DayValue, type LineChartInput, type LineChartOption, type LineSeriesInput, lineChartOption } from './lineSeries';
export { bandColors, bandLabels, type HealthBand, seriesColors, type Vendor, vendorColors, vendorLabels } from './palette';
