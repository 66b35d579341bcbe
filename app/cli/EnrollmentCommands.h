#pragma once

namespace tessera::cli {

class CommandRegistry;

// Enrollment and review: enroll, enrollment, batch and review.
void addEnrollmentCommands(CommandRegistry &registry);

} // namespace tessera::cli
