#pragma once

namespace tessera {

// Limits for the automatic photo checks. The defaults follow the face-image guidance of
// ICAO Doc 9303 part 3 (section 3.9, "portrait") and its source, ISO/IEC 19794-5 (section 8,
// "frontal image type"), turned into numbers for a live frame from a counter camera. Those
// documents describe the final portrait; a live frame is looser (the card crop fixes
// framing), so the geometry limits here are about whether a good crop can be cut from the
// frame. The programme file's "photo" section may change them (PhotoRules in Programme.h), and
// capture/PhotoChecks applies them; they live with the programme so that the programme's rules
// do not depend on the capture code.
struct PhotoThresholds {
    // Exactly one face (ICAO 9303-3 3.9: "one person only").
    int expectedFaces = 1;
    // Detected face box height over frame height. Below: too far to reach the resolution
    // and head size of a card crop; above: too close for a crop with the head at 70-80 % of
    // its height (ISO/IEC 19794-5 8.3.5) to fit in the frame. A frame already framed like
    // the card measures about 0.6, and must pass.
    double minFaceHeightRatio = 0.15;
    double maxFaceHeightRatio = 0.65;
    // Horizontal distance of the face centre from the frame centre, as a fraction of the
    // frame width (ISO/IEC 19794-5 8.3.3: face horizontally centred).
    double maxCentreOffset = 0.12;
    // Eye line tilt in degrees (ISO/IEC 19794-5 8.2.2: roll within +/- 8 degrees).
    double maxRollDegrees = 8.0;
    // 100 x the standard deviation of the Laplacian over that of the grey levels, on the face
    // scaled to 128 px wide, so that neither face size nor exposure moves it. The sharp test
    // portrait measures about 27, a 2.5 px Gaussian blur of it about 4 (ICAO 9303-3: "in sharp
    // focus and clear").
    double minSharpness = 12.0;
    // Mean luminance (0-255) of the face and the share of its pixels clipped at 0 or 255
    // (ISO/IEC 19794-5 8.3.6: no over- or under-exposure, "no saturated areas" on the face).
    double minFaceLuma = 70.0;
    double maxFaceLuma = 200.0;
    double maxClippedFraction = 0.05;
    // |left - right| / (left + right) of the face halves' mean luminance
    // (ISO/IEC 19794-5 8.3.4: equally distributed lighting, no shadows on one side).
    double maxIlluminationImbalance = 0.20;
    // Standard deviation of the luminance beside the head (ISO/IEC 19794-5 8.3.8: plain,
    // uniform background).
    double maxBackgroundStdDev = 25.0;
    // Distance between the eye centres in source pixels. ISO/IEC 19794-5 token frontal
    // images need 60 px; fewer cannot fill a card photo without visible upscaling.
    double minInterEyePixels = 60.0;
};

} // namespace tessera
