#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QGuiApplication>

#include <cstdlib>

// Tests run in an offscreen Qt application (fonts for PDFs, image I/O). A test executable
// may register a mode of its own (a child process for the crash test) through
// tessera::test::childModes().
#include "tests/support/TestSupport.h"

int main(int argc, char *argv[])
{
    if (argc >= 2) {
        for (const auto &[name, fn] : tessera::test::childModes())
            if (name == argv[1])
                return fn(argc, argv);
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
