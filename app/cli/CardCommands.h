#pragma once

namespace tessera::cli {

class CommandRegistry;

// The card verbs (card list, show, render, print, issue, report, replace, renew, revoke,
// pubkey, revocations, verify) and bench cards.
void addCardCommands(CommandRegistry &registry);

} // namespace tessera::cli
