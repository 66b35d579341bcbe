#pragma once

#include "core/util/Error.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>

namespace tessera {

// Maps each value of a JSON text to the line it starts on, keyed by path ("documents[2].points"),
// so that validation messages can name the line as well as the field. QJsonDocument keeps no
// positions; this is a small tolerant scanner over already-validated JSON, not a parser.
class JsonLocator {
public:
    explicit JsonLocator(const QByteArray &json);
    // 1-based line of the value at `path`, or 0 when unknown.
    int lineOf(const QString &path) const { return m_lines.value(path, 0); }
    // Line and column (1-based) of a byte offset, for syntax errors.
    static std::pair<int, int> lineAndColumn(const QByteArray &json, qsizetype offset);
    // The top-level object of a file of outside data, or a message naming the line and
    // column of a syntax error, or saying that `whatItIs` ("a programme file") is one object.
    static Result<QJsonObject> parseObject(const QByteArray &json, const QString &whatItIs);

private:
    void value(const QString &path);
    void skipSpace();
    QString string();

    const QByteArray &m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    QHash<QString, int> m_lines;
};

} // namespace tessera
