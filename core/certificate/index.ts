export { certify, ZERO_REL, ROTATION_MARGIN, type Certificate, type CertificateProblem, type CertifyOptions, type Verdict } from './certify';
export { rotationOrbit, type RotationOrbit } from './orbit';
export { lanczosLowest, type LanczosResult } from './lanczos';
