// Not compiled: a source tree for check-table-owners.py, which must refuse it (cards reading
// the meta table, which only core/store/StationSettings.cpp may name).
auto sql = QStringLiteral("SELECT value FROM meta "
                          "WHERE key = 'card_sequence'");
