export { certify, ZERO_REL, FULL_SPECTRUM, type Certificate, type CertificateProblem, type CertifyOptions, type Verdict } from './certify';
export { rotationOrbit, type RotationOrbit } from './orbit';
export { lanczosLowest, type LanczosResult } from './lanczos';
