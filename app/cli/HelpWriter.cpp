#include "app/cli/HelpWriter.h"

#include "app/cli/StationCommand.h"

#include <QRegularExpression>
#include <set>

namespace tessera::cli {

namespace {

constexpr qsizetype kWidth = 92;

const char *const kSignInNote =
    "Without password files, passwords are read one per line from standard input when it is not a "
    "terminal (acting password first, then the new one), or asked for on the terminal.";

// `text` in lines of at most kWidth characters, each indented by `indent` spaces; a blank line
// in `text` stays a paragraph break.
QString wrapped(const QString &text, int indent)
{
    QString out;
    const QString pad(indent, QLatin1Char(' '));
    for (const QString &paragraph : text.split(QStringLiteral("\n\n"))) {
        if (!out.isEmpty())
            out += QLatin1Char('\n');
        QString line;
        for (const QString &word : paragraph.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
            if (!line.isEmpty() && pad.size() + line.size() + 1 + word.size() > kWidth) {
                out += pad + line + QLatin1Char('\n');
                line.clear();
            }
            line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
        }
        if (!line.isEmpty())
            out += pad + line + QLatin1Char('\n');
    }
    return out;
}

// A command's synopsis, continued under itself when it is longer than a line.
QString synopsisLines(const CommandSpec &spec)
{
    return QStringLiteral("  ") + wrapped(spec.synopsis(), 8).mid(8);
}

QString optionLabel(const OptionSpec &o)
{
    return o.valueName.isEmpty() ? o.name : QStringLiteral("%1 %2").arg(o.name, o.valueName);
}

// A two-column table: label, then its help wrapped beside it.
QString table(const std::vector<std::pair<QString, QString>> &rows)
{
    qsizetype labelWidth = 0;
    for (const auto &[label, help] : rows)
        labelWidth = std::max(labelWidth, label.size());
    labelWidth = std::min<qsizetype>(labelWidth, 28);
    QString out;
    for (const auto &[label, help] : rows) {
        const int indent = static_cast<int>(labelWidth) + 4;
        QString body = wrapped(help, indent);
        const QString head = QStringLiteral("  ") + label;
        if (head.size() + 2 <= indent)
            body.replace(0, head.size(), head);
        else
            body.prepend(head + QLatin1Char('\n'));
        out += body;
    }
    return out;
}

std::vector<OptionSpec> commonOptionsOf(const CommandSpec &spec)
{
    std::vector<OptionSpec> common;
    for (const OptionSpec &o : spec.options)
        if (o.common)
            common.push_back(o);
    return common;
}

QString exitCodeTable()
{
    std::vector<std::pair<QString, QString>> rows;
    for (const ExitCodeHelp &e : kExitCodes)
        rows.emplace_back(QString::number(e.code), QString::fromUtf8(e.meaning));
    return table(rows);
}

// roff: a backslash is \e, a dash \-, and a line may not start with a control character.
QString roff(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\\'), QStringLiteral("\\e"));
    out.replace(QLatin1Char('-'), QStringLiteral("\\-"));
    if (out.startsWith(QLatin1Char('.')) || out.startsWith(QLatin1Char('\'')))
        out.prepend(QStringLiteral("\\&"));
    return out;
}

QString roffParagraphs(const QString &text)
{
    QStringList paragraphs;
    for (const QString &p : text.split(QStringLiteral("\n\n")))
        paragraphs << roff(p.simplified());
    return paragraphs.join(QStringLiteral("\n.IP\n")) + QLatin1Char('\n');
}

QString roffSynopsis(const CommandSpec &spec)
{
    QStringList parts;
    for (const QString &w : spec.name)
        parts << QStringLiteral("\\fB%1\\fR").arg(roff(w));
    for (const ArgumentSpec &a : spec.arguments) {
        const QString shown = a.choices.isEmpty() ? QStringLiteral("\\fI%1\\fR").arg(roff(a.name))
                                                  : roff(a.choices.join(QLatin1Char('|')));
        parts << (a.optional ? QStringLiteral("[%1]").arg(shown) : shown);
    }
    for (const OptionSpec &o : spec.options) {
        if (o.common)
            continue;
        QString shown = QStringLiteral("\\fB%1\\fR").arg(roff(o.name));
        if (!o.valueName.isEmpty())
            shown += QStringLiteral(" \\fI%1\\fR").arg(roff(o.valueName));
        parts << (o.required ? shown : QStringLiteral("[%1]").arg(shown));
    }
    return parts.join(QLatin1Char(' '));
}

QString roffOption(const OptionSpec &o)
{
    QString out = QStringLiteral(".TP\n\\fB%1\\fR").arg(roff(o.name));
    if (!o.valueName.isEmpty())
        out += QStringLiteral(" \\fI%1\\fR").arg(roff(o.valueName));
    return out + QLatin1Char('\n') + roff(o.help) + QLatin1Char('\n');
}

QString shellWords(const QStringList &words)
{
    return words.join(QLatin1Char(' '));
}

// The bash lines that find which command the words typed so far name, and set that command's
// options and the closed set of values its next argument takes. Longest names first, so that
// "card report" wins over a one-word command.
QString completionCases(const CommandRegistry &registry, const QStringList &global)
{
    QString out;
    std::vector<const CommandSpec *> specs;
    for (const auto &c : registry.commands())
        specs.push_back(&c->spec());
    std::stable_sort(specs.begin(), specs.end(),
                     [](const CommandSpec *a, const CommandSpec *b) { return a->name.size() > b->name.size(); });
    for (const CommandSpec *spec : specs) {
        QStringList opts = global;
        for (const OptionSpec &o : spec->options)
            opts << o.name;
        const int n = static_cast<int>(spec->name.size());
        QStringList tests;
        for (int i = 0; i < n; ++i)
            tests << QStringLiteral("${words[%1]-} == %2").arg(i).arg(spec->name.at(i));
        out += QStringLiteral("    if ((named == 0)) && [[ %1 ]]; then\n        named=%2 opts=\"%3\"\n")
                   .arg(tests.join(QStringLiteral(" && ")))
                   .arg(n)
                   .arg(opts.join(QLatin1Char(' ')));
        for (std::size_t a = 0; a < spec->arguments.size(); ++a)
            if (!spec->arguments.at(a).choices.isEmpty())
                out += QStringLiteral("        ((${#words[@]} == %1)) && choices=\"%2\"\n")
                           .arg(static_cast<qsizetype>(n) + static_cast<qsizetype>(a))
                           .arg(shellWords(spec->arguments.at(a).choices));
        out += QStringLiteral("    fi\n");
    }
    return out;
}

} // namespace

QString HelpWriter::generalHelp() const
{
    QString out = QStringLiteral(
        "tessera-cli: the Tessera station from a shell (no network, ever)\n\n"
        "Usage: tessera-cli [--store DIR] [--json] COMMAND [ARGS] [OPTIONS]\n"
        "       tessera-cli COMMAND -h, tessera-cli help COMMAND: one command's arguments and options\n\n"
        "Commands:\n");
    for (const auto &c : m_registry.commands()) {
        out += synopsisLines(c->spec()) + wrapped(c->spec().summary, 6);
    }
    out += QStringLiteral("\nSigning in (every command that opens a station):\n");
    std::vector<std::pair<QString, QString>> rows;
    for (const OptionSpec &o : signInOptions())
        rows.emplace_back(optionLabel(o), o.help);
    out += table(rows) + wrapped(QString::fromUtf8(kSignInNote), 2);
    out += QStringLiteral("\nOptions (every command):\n");
    rows.clear();
    for (const OptionSpec &o : CommandRegistry::globalOptions())
        if (o.name != QLatin1String("-h"))
            rows.emplace_back(o.name == QLatin1String("--help") ? QStringLiteral("--help, -h") : optionLabel(o),
                              o.help);
    out += table(rows);
    out += QStringLiteral("\nExit codes:\n") + exitCodeTable();
    return out;
}

QString HelpWriter::commandHelp(const CommandSpec &spec) const
{
    const std::vector<OptionSpec> common = commonOptionsOf(spec);
    QString out = QStringLiteral("Usage: tessera-cli %1%2 [--json]\n\n")
                      .arg(spec.synopsis(), common.empty() ? QString() : QStringLiteral(" [sign-in options]"));
    out += wrapped(spec.summary, 0);
    if (!spec.description.isEmpty())
        out += QLatin1Char('\n') + wrapped(spec.description, 0);
    std::vector<std::pair<QString, QString>> rows;
    rows.reserve(spec.arguments.size());
    for (const ArgumentSpec &a : spec.arguments)
        rows.emplace_back(a.name,
                          a.choices.isEmpty()
                              ? a.help
                              : QStringLiteral("%1 (one of: %2)").arg(a.help, a.choices.join(QStringLiteral(", "))));
    if (!rows.empty())
        out += QStringLiteral("\nArguments:\n") + table(rows);
    rows.clear();
    for (const OptionSpec &o : spec.options)
        if (!o.common)
            rows.emplace_back(optionLabel(o), o.help + (o.required ? QStringLiteral(" (required)") : QString()));
    for (const OptionSpec &o : CommandRegistry::globalOptions())
        if (o.name != QLatin1String("--version") && o.name != QLatin1String("-h"))
            rows.emplace_back(o.name == QLatin1String("--help") ? QStringLiteral("--help, -h") : optionLabel(o),
                              o.help);
    out += QStringLiteral("\nOptions:\n") + table(rows);
    if (!common.empty()) {
        rows.clear();
        for (const OptionSpec &o : common)
            rows.emplace_back(optionLabel(o), o.help);
        out += QStringLiteral("\nSigning in:\n") + table(rows) + wrapped(QString::fromUtf8(kSignInNote), 2);
    }
    return out;
}

QString HelpWriter::groupHelp(const QStringList &prefix) const
{
    QString out = QStringLiteral("Usage: tessera-cli %1 COMMAND [ARGS] [OPTIONS]\n\nCommands:\n")
                      .arg(prefix.join(QLatin1Char(' ')));
    for (const auto &c : m_registry.commands()) {
        if (c->spec().name.mid(0, prefix.size()) != prefix)
            continue;
        out += synopsisLines(c->spec()) + wrapped(c->spec().summary, 6);
    }
    // The desktop's own figures need its widgets, which this program never links.
    if (prefix == QStringList {QStringLiteral("bench")})
        out += QStringLiteral("\nThe counter's keyboard path (keystrokes per step and wall time of a typical adult\n"
                              "enrollment, Submit to the next empty form) is measured by tessera-bench-counter,\n"
                              "a separate program that drives the desktop's window offscreen.\n");
    out += QStringLiteral("\nSee tessera-cli %1 COMMAND -h for one command's arguments and options.\n")
               .arg(prefix.join(QLatin1Char(' ')));
    return out;
}

QString HelpWriter::manPage() const
{
    QString out = QStringLiteral(".TH TESSERA\\-CLI 1 \"\" \"Tessera %1\" \"User Commands\"\n")
                      .arg(QStringLiteral(TESSERA_VERSION));
    // No hyphenation and a ragged right margin: option names stay whole, to be copied.
    out += QStringLiteral(".nh\n.ad l\n");
    out += QStringLiteral(
        ".SH NAME\ntessera\\-cli \\- the Tessera station from a shell (no network, ever)\n"
        ".SH SYNOPSIS\n.B tessera\\-cli\n[\\fB\\-\\-store\\fR \\fIDIR\\fR] [\\fB\\-\\-json\\fR] \\fICOMMAND\\fR "
        "[\\fIARGS\\fR] [\\fIOPTIONS\\fR]\n.br\n"
        ".B tessera\\-cli\n\\fICOMMAND\\fR \\fB\\-h\\fR\n"
        ".SH DESCRIPTION\n"
        "Runs the enrollment station of a municipal ID programme from a shell: set-up, operators, the audit log, "
        "programme rules, enrollments, review, cards, retention and backups, and tools that need no station (photo "
        "checks, document reading, benchmarks). It opens no network connection.\n"
        ".SH COMMANDS\n");
    for (const auto &c : m_registry.commands()) {
        const CommandSpec &spec = c->spec();
        out += QStringLiteral(".TP\n") + roffSynopsis(spec) + QLatin1Char('\n') + roffParagraphs(spec.summary);
        if (!spec.description.isEmpty())
            out += QStringLiteral(".IP\n") + roffParagraphs(spec.description);
        bool any = false;
        for (const ArgumentSpec &a : spec.arguments) {
            out += QStringLiteral("%1.TP\n\\fI%2\\fR\n%3\n")
                       .arg(any ? QString() : QStringLiteral(".RS\n"), roff(a.name),
                            roff(a.choices.isEmpty() ? a.help
                                                     : QStringLiteral("%1 (one of: %2)")
                                                           .arg(a.help, a.choices.join(QStringLiteral(", ")))));
            any = true;
        }
        for (const OptionSpec &o : spec.options) {
            if (o.common)
                continue;
            out += (any ? QString() : QStringLiteral(".RS\n")) + roffOption(o);
            any = true;
        }
        if (any)
            out += QStringLiteral(".RE\n");
    }
    out += QStringLiteral(".SH SIGNING IN\nEvery command that opens a station takes:\n");
    for (const OptionSpec &o : signInOptions())
        out += roffOption(o);
    out += QStringLiteral(".PP\n") + roff(QString::fromUtf8(kSignInNote)) + QLatin1Char('\n');
    out += QStringLiteral(".SH OPTIONS\nEvery command takes:\n");
    for (const OptionSpec &o : CommandRegistry::globalOptions())
        out += roffOption(o);
    out += QStringLiteral(".SH EXIT STATUS\n");
    for (const ExitCodeHelp &e : kExitCodes)
        out += QStringLiteral(".TP\n.B %1\n%2\n").arg(e.code).arg(roff(QString::fromUtf8(e.meaning)));
    out += QStringLiteral(".SH ENVIRONMENT\n"
                          ".TP\n.B TESSERA_STATION\nThe station folder when \\fB\\-\\-store\\fR is not given.\n"
                          ".TP\n.B TESSERA_USER\nThe acting operator when \\fB\\-\\-as\\fR is not given.\n"
                          ".TP\n.B TESSERA_DEBUG\nWhen set, Qt's own warnings are shown on standard error.\n"
                          ".SH SEE ALSO\n.BR tessera (1)\n");
    return out;
}

QString HelpWriter::bashCompletion() const
{
    std::set<QString> valueOptions;
    std::set<QString> pathOptions;
    std::set<QString> dirOptions;
    auto classify = [&](const OptionSpec &o) {
        if (o.valueName.isEmpty())
            return;
        valueOptions.insert(o.name);
        if (o.valueName == QLatin1String("DIR"))
            dirOptions.insert(o.name);
        else if (o.valueName.startsWith(QLatin1String("FILE")) || o.valueName.contains(QLatin1Char('.')))
            pathOptions.insert(o.name);
    };
    for (const OptionSpec &o : CommandRegistry::globalOptions())
        classify(o);
    for (const auto &c : m_registry.commands())
        for (const OptionSpec &o : c->spec().options)
            classify(o);
    auto joined = [](const std::set<QString> &s) { return QStringList(s.begin(), s.end()).join(QLatin1Char('|')); };
    QStringList global;
    for (const OptionSpec &o : CommandRegistry::globalOptions())
        global << o.name;

    QString out = QStringLiteral("# bash completion for tessera-cli, generated from its commands' declarations.\n"
                                 "_tessera_cli()\n{\n"
                                 "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
                                 "    COMPREPLY=()\n"
                                 "    case $prev in\n");
    if (!dirOptions.empty())
        out += QStringLiteral("        %1) COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n").arg(joined(dirOptions));
    if (!pathOptions.empty())
        out +=
            QStringLiteral("        %1) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n").arg(joined(pathOptions));
    out += QStringLiteral("        %1) return ;;\n    esac\n").arg(joined(valueOptions));
    out += QStringLiteral("    local i w words=()\n"
                          "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
                          "        w=${COMP_WORDS[i]}\n"
                          "        case $w in\n"
                          "            %1) ((i++)) ;;\n"
                          "            -*) ;;\n"
                          "            *) words+=(\"$w\") ;;\n"
                          "        esac\n"
                          "    done\n"
                          "    local opts=\"\" choices=\"\" named=0\n")
               .arg(joined(valueOptions));
    out += completionCases(m_registry, global);
    QStringList firstWords = m_registry.next({});
    out += QStringLiteral("    if ((named == 0)); then\n"
                          "        if ((${#words[@]} == 0)); then\n"
                          "            COMPREPLY=($(compgen -W \"%1 help %2\" -- \"$cur\"))\n"
                          "        elif ((${#words[@]} == 1)); then\n"
                          "            case ${words[0]-} in\n")
               .arg(firstWords.join(QLatin1Char(' ')), global.join(QLatin1Char(' ')));
    for (const QString &first : firstWords) {
        const QStringList second = m_registry.next({first});
        if (!second.isEmpty())
            out += QStringLiteral("                %1) COMPREPLY=($(compgen -W \"%2\" -- \"$cur\")) ;;\n")
                       .arg(first, second.join(QLatin1Char(' ')));
    }
    out += QStringLiteral("                help) COMPREPLY=($(compgen -W \"%1\" -- \"$cur\")) ;;\n"
                          "            esac\n"
                          "        fi\n"
                          "        return\n"
                          "    fi\n"
                          "    if [[ $cur == -* ]]; then\n"
                          "        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
                          "    elif [[ -n $choices ]]; then\n"
                          "        COMPREPLY=($(compgen -W \"$choices\" -- \"$cur\"))\n"
                          "    else\n"
                          "        COMPREPLY=($(compgen -f -- \"$cur\"))\n"
                          "    fi\n"
                          "}\n"
                          "complete -o filenames -F _tessera_cli tessera-cli\n")
               .arg(firstWords.join(QLatin1Char(' ')));
    return out;
}

} // namespace tessera::cli
