export { logGamma, logGammaRatio } from './log-gamma';
export { cd, logCd, hypergeometric0F1, logHypergeometric0F1 } from './bessel-0f1';
export { uniformEnergy } from './uniform-energy';
export { etfBound } from './etf-bound';
export { framePotentialBound, welchBound } from './frame-bounds';
export { innerProductCdf, innerProductDensity, logInnerProductDensity } from './inner-product-density';
export {
  MIN_NORMAL,
  energyLimits,
  largestInnerProductBound,
  largestScale,
  reportedEnergy,
  scaleRangeIssue,
  type EnergyLimits,
} from './energy-limits';
