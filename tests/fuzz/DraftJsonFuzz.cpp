// `tessera-cli enroll --from FILE.json` reads a file from outside: parse, validate and score
// it against a real station with the points-based programme, made once per process.
#include "core/enrollment/DraftJson.h"
#include "core/enrollment/Enrollments.h"
#include "core/programme/ProgrammeStore.h"
#include "core/setup/StationSetup.h"
#include "core/util/Clock.h"

#include <QFile>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

namespace {

struct Counter {
    QTemporaryDir dir;
    tessera::ManualClock clock;
    std::unique_ptr<tessera::Station> station;
    std::unique_ptr<tessera::Enrollments> enrollments;

    Counter()
    {
        tessera::Station::Setup setup {QStringLiteral("Fuzz"),
                                       QStringLiteral("FZ"),
                                       QStringLiteral("admin"),
                                       QStringLiteral("A"),
                                       tessera::SecureBuffer::fromText(QStringLiteral("correct horse battery")),
                                       tessera::crypto::KdfParams {1, 8 * tessera::crypto::kMiB},
                                       true};
        auto created = tessera::setUpStation(dir.path() + QStringLiteral("/station"), std::move(setup), clock);
        if (!created)
            std::abort();
        station = std::move(created->station);
        QFile f(QStringLiteral(TESSERA_SOURCE_DIR "/resources/programmes/points-based.json"));
        if (!f.open(QIODevice::ReadOnly))
            std::abort();
        auto programme = tessera::installProgramme(station->access(), f.readAll());
        if (!programme)
            std::abort();
        enrollments = std::make_unique<tessera::Enrollments>(station->access(), *programme);
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static Counter counter;
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    auto request = tessera::draftFromJson(bytes, *counter.enrollments);
    if (request)
        (void)counter.enrollments->assess(request->draft);
    return 0;
}
