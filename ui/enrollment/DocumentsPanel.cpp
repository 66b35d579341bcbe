#include "ui/enrollment/DocumentsPanel.h"

#include "core/enrollment/Enrollments.h"
#include "ui/common/ErrorLabel.h"
#include "ui/enrollment/DocumentRow.h"

#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace tessera::ui {

namespace {

// "Licence" finds "licence" and "Licencia"; accents and case do not matter.
QString folded(const QString &text)
{
    QString out;
    for (const QChar c : text.normalized(QString::NormalizationForm_KD).toCaseFolded())
        if (!c.isMark())
            out += c;
    return out;
}

} // namespace

DocumentsPanel::DocumentsPanel(Enrollments &enrollments, QString language, QWidget *parent)
    : QGroupBox(tr("Documents presented"), parent)
    , m_enrollments(enrollments)
    , m_language(std::move(language))
    , m_filter(new QLineEdit(this))
    , m_choices(new QListWidget(this))
    , m_rowsWidget(new QWidget(this))
    , m_rowsLayout(new QVBoxLayout(m_rowsWidget))
    , m_empty(new QLabel(tr("No documents yet. Pick each one the applicant shows."), this))
    , m_error(new ErrorLabel(this))
{
    setObjectName(QStringLiteral("documentsGroupBox"));
    m_filter->setObjectName(QStringLiteral("documentFilterLineEdit"));
    m_filter->setPlaceholderText(tr("Find a document, Enter adds it (F2)"));
    m_filter->setClearButtonEnabled(true);
    m_choices->setObjectName(QStringLiteral("documentChoicesListWidget"));
    m_choices->setUniformItemSizes(true);
    m_choices->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_choices->setTextElideMode(Qt::ElideRight);
    m_choices->setFocusPolicy(Qt::ClickFocus);
    for (const DocumentType &type : enrollments.programme().documents) {
        QStringList points;
        for (auto it = type.points.begin(); it != type.points.end(); ++it)
            points << tr("%1 %2").arg(it.value()).arg(it.key());
        auto *item = new QListWidgetItem(
            tr("%1 — %2").arg(type.label.in(m_language), points.join(QStringLiteral(", "))), m_choices);
        item->setData(Qt::UserRole, type.id);
        item->setData(Qt::UserRole + 1, folded(type.label.in(m_language) + QLatin1Char(' ') + type.id));
    }
    const int rowHeight = m_choices->sizeHintForRow(0) > 0 ? m_choices->sizeHintForRow(0) : fontMetrics().height() + 4;
    m_choices->setFixedHeight(rowHeight * 5 + 2 * m_choices->frameWidth() + 2);
    m_choices->setCurrentRow(0);

    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->setSpacing(4);
    m_empty->setObjectName(QStringLiteral("noDocumentsLabel"));
    m_empty->setStyleSheet(QStringLiteral("color: palette(dark);"));
    m_rowsLayout->addWidget(m_empty);
    m_error->setObjectName(QStringLiteral("documentsErrorLabel"));

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(4);
    layout->addWidget(m_filter);
    layout->addWidget(m_choices);
    layout->addWidget(m_error);
    layout->addWidget(m_rowsWidget);

    m_filter->installEventFilter(this);
    m_choices->installEventFilter(this);
    connect(m_filter, &QLineEdit::textChanged, this, &DocumentsPanel::applyFilter);
    connect(m_filter, &QLineEdit::returnPressed, this, &DocumentsPanel::addCurrentChoice);
    connect(m_choices, &QListWidget::itemActivated, this, &DocumentsPanel::addCurrentChoice);
}

void DocumentsPanel::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void DocumentsPanel::applyFilter(const QString &text)
{
    const QStringList words = folded(text).split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    QListWidgetItem *first = nullptr;
    for (int i = 0; i < m_choices->count(); ++i) {
        QListWidgetItem *item = m_choices->item(i);
        const QString haystack = item->data(Qt::UserRole + 1).toString();
        const bool match =
            std::all_of(words.begin(), words.end(), [&](const QString &w) { return haystack.contains(w); });
        item->setHidden(!match);
        if (match && !first)
            first = item;
    }
    m_choices->setCurrentItem(first);
    if (first)
        m_choices->scrollToItem(first);
}

bool DocumentsPanel::eventFilter(QObject *watched, QEvent *event)
{
    // Up and Down move through the list while the cursor stays in the filter.
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_Up) {
            int row = m_choices->currentRow();
            const int step = key == Qt::Key_Down ? 1 : -1;
            for (int r = row + step; r >= 0 && r < m_choices->count(); r += step)
                if (!m_choices->item(r)->isHidden()) {
                    m_choices->setCurrentRow(r);
                    break;
                }
            return true;
        }
    }
    return QGroupBox::eventFilter(watched, event);
}

void DocumentsPanel::addCurrentChoice()
{
    QListWidgetItem *item = m_choices->currentItem();
    if (!item || item->isHidden())
        return;
    DocumentRow *row = addDocument(item->data(Qt::UserRole).toString());
    m_filter->clear();
    if (row && row->firstInput())
        row->firstInput()->setFocus(Qt::TabFocusReason);
}

DocumentRow *DocumentsPanel::addDocument(const QString &typeId)
{
    const DocumentType *type = m_enrollments.programme().document(typeId);
    if (!type)
        return nullptr;
    auto *row = new DocumentRow(*type, m_language, m_enrollments, m_rowsWidget);
    row->setCaretakerPresent(m_caretakerPresent);
    // Tab goes from the filter through the rows in the order they are listed, before the page's
    // buttons (a row made after them would otherwise come after Submit).
    QWidget *previous = m_rows.isEmpty() ? static_cast<QWidget *>(m_filter) : m_rows.last()->tabOrder().last();
    for (QWidget *w : row->tabOrder()) {
        setTabOrder(previous, w);
        previous = w;
    }
    m_rowsLayout->addWidget(row);
    row->show(); // now, not at the layout's next pass: focus and Tab go to it straight away
    m_rows << row;
    m_empty->setVisible(false);
    m_error->clearMessage();
    connect(row, &DocumentRow::changed, this, &DocumentsPanel::changed);
    connect(row, &DocumentRow::removeRequested, this, [this, row] { removeRow(row); });
    Q_EMIT changed();
    return row;
}

void DocumentsPanel::removeRow(DocumentRow *row)
{
    const qsizetype index = m_rows.indexOf(row);
    if (index < 0)
        return;
    m_rows.removeAt(index);
    row->hide();
    row->deleteLater();
    m_empty->setVisible(m_rows.isEmpty());
    // Focus goes to the next row, or back to the filter, never nowhere.
    if (!m_rows.isEmpty())
        m_rows.at(std::min<qsizetype>(index, m_rows.size() - 1))->firstInput()->setFocus(Qt::OtherFocusReason);
    else
        m_filter->setFocus(Qt::OtherFocusReason);
    Q_EMIT changed();
}

std::vector<DocumentEntry> DocumentsPanel::entries() const
{
    std::vector<DocumentEntry> out;
    for (const DocumentRow *row : m_rows)
        out.push_back(row->entry());
    return out;
}

void DocumentsPanel::clear()
{
    for (DocumentRow *row : std::as_const(m_rows))
        delete row;
    m_rows.clear();
    m_empty->setVisible(true);
    m_error->clearMessage();
    m_filter->clear();
}

void DocumentsPanel::setEntries(const std::vector<DocumentEntry> &entries)
{
    const QSignalBlocker blocker(this);
    clear();
    for (const DocumentEntry &e : entries)
        if (DocumentRow *row = addDocument(e.presented.typeId))
            row->setEntry(e);
}

void DocumentsPanel::setCaretakerPresent(bool present)
{
    m_caretakerPresent = present;
    for (DocumentRow *row : std::as_const(m_rows))
        row->setCaretakerPresent(present);
}

void DocumentsPanel::setAssessments(const std::vector<DocumentAssessment> &assessments)
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (const auto at = static_cast<std::size_t>(i); at < assessments.size())
            m_rows[i]->setAssessment(assessments[at].note, assessments[at].counts);
        else
            m_rows[i]->setAssessment(QString(), true);
    }
}

QWidget *DocumentsPanel::showProblems(const std::vector<FieldProblem> &problems)
{
    m_error->clearMessage();
    for (DocumentRow *row : std::as_const(m_rows))
        row->clearProblems();
    QWidget *first = nullptr;
    static const QRegularExpression indexed(QStringLiteral("^documents\\[(\\d+)\\](?:\\.(\\w+))?$"));
    for (const FieldProblem &p : problems) {
        if (p.field == QLatin1String("documents")) {
            m_error->showMessage(p.message);
            if (!first)
                first = m_filter;
            continue;
        }
        const auto m = indexed.match(p.field);
        if (!m.hasMatch())
            continue;
        const int i = m.captured(1).toInt();
        if (i < 0 || i >= m_rows.size())
            continue;
        m_rows[i]->showProblem(m.captured(2), p.message);
        if (!first)
            first = m_rows[i]->firstInput();
    }
    return first;
}

} // namespace tessera::ui
