#pragma once

namespace tessera::cli {

class CommandRegistry;

// The document verbs, which need no station and no sign-in: document read, parse, rectify and
// make-sample (fictional specimens, tools/SampleDocuments.h), and bench document. None ever
// prints a document number or the raw barcode or zone text.
void addDocumentCommands(CommandRegistry &registry);

} // namespace tessera::cli
