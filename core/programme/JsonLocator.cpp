#include "core/programme/JsonLocator.h"

#include <QJsonDocument>

namespace tessera {

JsonLocator::JsonLocator(const QByteArray &json)
    : m_text(json)
{
    value(QString());
}

std::pair<int, int> JsonLocator::lineAndColumn(const QByteArray &json, qsizetype offset)
{
    int line = 1;
    int column = 1;
    for (qsizetype i = 0; i < offset && i < json.size(); ++i) {
        if (json.at(i) == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

void JsonLocator::skipSpace()
{
    while (m_pos < m_text.size()) {
        const char c = m_text.at(m_pos);
        if (c == '\n')
            ++m_line;
        else if (c != ' ' && c != '\t' && c != '\r')
            return;
        ++m_pos;
    }
}

QString JsonLocator::string()
{
    // At the opening quote. Keys are plain in Tessera's files; escapes are skipped, not decoded.
    const qsizetype start = ++m_pos;
    while (m_pos < m_text.size() && m_text.at(m_pos) != '"') {
        if (m_text.at(m_pos) == '\\')
            ++m_pos;
        else if (m_text.at(m_pos) == '\n')
            ++m_line;
        ++m_pos;
    }
    QString s = QString::fromUtf8(m_text.mid(start, m_pos - start));
    ++m_pos;
    return s;
}

void JsonLocator::value(const QString &path)
{
    skipSpace();
    if (m_pos >= m_text.size())
        return;
    m_lines.insert(path, m_line);
    const char c = m_text.at(m_pos);
    if (c == '{') {
        ++m_pos;
        while (true) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text.at(m_pos) == '}') {
                ++m_pos;
                return;
            }
            if (m_text.at(m_pos) == ',') {
                ++m_pos;
                continue;
            }
            if (m_text.at(m_pos) != '"')
                return; // not JSON we understand; stop quietly
            const QString key = string();
            skipSpace();
            if (m_pos < m_text.size() && m_text.at(m_pos) == ':')
                ++m_pos;
            const qsizetype before = m_pos;
            value(path.isEmpty() ? key : path + QLatin1Char('.') + key);
            if (m_pos == before)
                return;
        }
    } else if (c == '[') {
        ++m_pos;
        int index = 0;
        while (true) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text.at(m_pos) == ']') {
                ++m_pos;
                return;
            }
            if (m_text.at(m_pos) == ',') {
                ++m_pos;
                continue;
            }
            const qsizetype before = m_pos;
            value(path + QStringLiteral("[%1]").arg(index++));
            if (m_pos == before)
                return; // malformed input: never loop in place
        }
    } else if (c == '"') {
        string();
    } else {
        while (m_pos < m_text.size() && !QByteArrayView(",]}\n \t\r").contains(m_text.at(m_pos)))
            ++m_pos;
    }
}

Result<QJsonObject> JsonLocator::parseObject(const QByteArray &json, const QString &whatItIs)
{
    QJsonParseError parseError {};
    const QJsonDocument parsed = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto [line, column] = lineAndColumn(json, parseError.offset);
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("line %1, column %2: not valid JSON (%3)")
                        .arg(line)
                        .arg(column)
                        .arg(parseError.errorString()));
    }
    if (!parsed.isObject())
        return fail(ErrorCode::InvalidInput, QStringLiteral("line 1: %1 is one JSON object").arg(whatItIs));
    return parsed.object();
}

} // namespace tessera
