#pragma once

#include "core/util/Error.h"

#include <QImage>
#include <QSize>
#include <QString>

namespace tessera {

// The photo step's costs, measured on one core (the targets are per core): the checks
// on one camera frame (`tessera-cli bench photo`), and the live preview from a video file
// (`tessera-cli bench preview`). Neither touches a station. Times in milliseconds.
struct PhotoBenchmark {
    int frames = 0;
    QSize frame;          // the frame analysed: 1280x720, the portrait at full height on a grey wall
    bool oneCore = false; // whether the process could be pinned to one core
    double medianMs = 0;
    double p95Ms = 0;
    double maxMs = 0;
    // CPU time of one analysis: the wall times include waits for other processes on a busy machine.
    double cpuMedianMs = 0;

    // Times `frames` analyses (1 or more) after one that warms the analyser.
    static Result<PhotoBenchmark> run(const QImage &portrait, int frames);
};

struct PreviewBenchmark {
    // First the live pipeline as the photo step runs it: the capture session's two threads,
    // paced to the file's frame rate, frames shown and analysed per second.
    double fileFps = 0;
    double liveShownFps = 0;
    double liveAnalysedFps = 0;
    // Then the capacity: every frame decoded, analysed and converted to the premultiplied ARGB
    // the overlay painter draws on, one after the other on one core.
    qint64 frames = 0;
    double seconds = 0;
    QSize size; // of the video's frames
    bool oneCore = false;
    double fps = 0;
    double decodeMedianMs = 0;
    double analysisMedianMs = 0;
    double convertMedianMs = 0;
    qint64 acceptableFrames = 0;

    // The two parts, live first, each for `forSeconds` (1 or more) on the video at `path`, looped;
    // each fills its fields. Apart, so that a caller can show the first while the second runs.
    Result<void> runLive(const QString &path, int forSeconds);
    Result<void> runCapacity(const QString &path, int forSeconds);
};

} // namespace tessera
