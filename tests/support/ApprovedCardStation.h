#pragma once

#include "tests/support/CliResult.h"
#include "tests/support/TestSupport.h"

#include <QString>
#include <QStringList>

namespace tessera::test {

// A demo station (its administrator holds every role) on 2026-11-23 with the points-based
// programme and one approved card: clerk "carla" enrolled Ana, supervisor "sam" approved her.
// For the tests that drive tessera-cli's card verbs against it.
struct ApprovedCardStation {
    TestStation t {true};
    QString passwordFile; // the administrator's password, for --password-file
    QString number;       // the approved card's number

    ApprovedCardStation();
    // Enrolls and approves `givenName` without a photo, under the programme's no-photo
    // exception (the card cannot be drawn: its template has a place for one); returns the
    // card's number.
    QString approveWithoutPhoto(const QString &givenName);
    // tessera-cli in process against this station, signed in as the administrator unless
    // `signIn` is false.
    CliResult run(QStringList args, bool signIn = true);
};

} // namespace tessera::test
