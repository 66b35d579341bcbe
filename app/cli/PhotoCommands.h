#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

class QTextStream;

namespace tessera {
class Station;
struct Programme;
}

namespace tessera::cli {

// The photo verbs of tessera-cli, which need no station and no sign-in:
//   photo check IMAGE        checks as the photo station runs them (exit 0 pass, 1 fail, 5 bad image)
//   photo crop IMAGE OUT.jpg the card crop, as JPEG within --max-bytes
//   bench photo IMAGE        median and p95 analysis time of a 1280x720 frame made from IMAGE,
//                            pinned to one CPU core
//   bench preview VIDEO      the live preview's rate, then decode + checks + overlay conversion on one core
//   photo make-demo-video PORTRAIT OUT.avi   the 720p stand-in camera video (DemoVideo.h)
// `words` starts at the verb ("photo" or "bench"); options are those tessera-cli parsed.
struct PhotoOptions {
    bool json = false;
    QString maxBytes;  // --max-bytes, empty for the default
    QString frames;    // --frames, empty for the default
    QString seconds;   // --seconds, empty for the default
};
int runPhotoCommand(const QStringList &words, const PhotoOptions &options, QTextStream &out, QTextStream &err);

// For `enrollment show`: whether the enrollment has its card photo, its size, how it was
// taken and the overridden checks with their reason codes (null when there is no photo;
// the error text when it cannot be read).
QJsonValue photoSummary(Station &station, const Programme &programme, qint64 enrollmentId);

} // namespace tessera::cli
