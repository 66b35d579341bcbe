#pragma once

#include "core/station/Operator.h"

#include <QString>

namespace tessera::ui {

// Roles as an operator reads them ("Clerk, Supervisor"), translated.
QString roleText(Roles roles);
QString roleText(Role role);

} // namespace tessera::ui
