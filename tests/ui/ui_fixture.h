// The vault fixture of tests/app/ with the window's use-case worker on a
// connection of its own (as the window's is beside the sweep's and the
// CLI's), and the small helpers the screens' flow tests share: find a child
// by name, let the worker finish, run a call on it, log in there.
#pragma once

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QDialog>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include <gtest/gtest.h>

#include "app/recording_service.h"
#include "app/vault_fixture.h"
#include "common/use_case_runner.h"

namespace vakspiegel::ui::test {

template <class T>
T* child(QObject& parent, const char* name) {
  T* found = parent.findChild<T*>(QString::fromLatin1(name));
  EXPECT_NE(found, nullptr) << name;
  return found;
}

// The start (ms) of the next picture shown, -1 after 5 s without one. A
// picture the engine still holds comes at once, during the call that asked.
inline qint64 nextShown(QSignalSpy& shown) {
  if (shown.isEmpty() && !shown.wait(5000)) return -1;
  const qint64 pts = shown.last().at(0).toLongLong();
  shown.clear();
  return pts;
}

// Answers the next message box that opens (a confirmation that exec()s),
// once it is shown, with its button of `role`; `said` (if given) receives
// its text and informative text.
inline void answerNextMessageBox(QMessageBox::ButtonRole role, QString* said = nullptr) {
  auto poll = std::make_shared<std::function<void()>>();
  *poll = [role, said, poll]() {
    auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
    if (box == nullptr || !box->isVisible()) {
      QTimer::singleShot(20, *poll);
      return;
    }
    if (said != nullptr) *said = box->text() + QLatin1Char(' ') + box->informativeText();
    for (QAbstractButton* button : box->buttons())
      if (box->buttonRole(button) == role) button->click();
  };
  QTimer::singleShot(0, *poll);
}

inline bool isControl(const QWidget& widget) {
  return qobject_cast<const QAbstractButton*>(&widget) || qobject_cast<const QLineEdit*>(&widget) ||
         qobject_cast<const QAbstractSpinBox*>(&widget) || qobject_cast<const QComboBox*>(&widget) ||
         qobject_cast<const QAbstractSlider*>(&widget) || qobject_cast<const QAbstractItemView*>(&widget) ||
         qobject_cast<const QPlainTextEdit*>(&widget) || widget.focusPolicy() == Qt::StrongFocus;
}

// The visible controls under `root` that a screen reader would give no name,
// as "objectName (class)"; and how many controls were looked at.
inline std::pair<QStringList, int> namelessControls(QWidget& root) {
  QStringList nameless;
  int controls = 0;
  for (QWidget* widget : root.findChildren<QWidget*>()) {
    if (!widget->isVisibleTo(&root) || !isControl(*widget) || widget->focusPolicy() == Qt::NoFocus) continue;
    // The pieces of a compound control (a spin box's line edit, a table's
    // scroll bars and header) are named by the control itself.
    if (qobject_cast<QAbstractSpinBox*>(widget->parentWidget()) ||
        qobject_cast<QComboBox*>(widget->parentWidget()) || widget->objectName().startsWith(QLatin1String("qt_")) ||
        (widget->parentWidget() && widget->parentWidget()->inherits("QAbstractScrollArea")))
      continue;
    ++controls;
    QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(widget);
    const QString name = accessible != nullptr ? accessible->text(QAccessible::Name).trimmed() : QString();
    if (name.isEmpty())
      nameless << QStringLiteral("%1 (%2)").arg(widget->objectName(), QString::fromLatin1(widget->metaObject()->className()));
  }
  return {nameless, controls};
}

class UiFixture : public vakspiegel::test::VaultFixture {
 protected:
  // The worker holds its own connection; it goes before the fixture's vault.
  void TearDown() override {
    QApplication::closeAllWindows();
    QCoreApplication::processEvents();
    m_runner.reset();
  }

  UseCaseRunner& runner() {
    if (!m_runner) {
      auto vault = Vault::open(vaultDir(), m_clock);
      EXPECT_TRUE(vault) << vault.error().message;
      m_runner = std::make_unique<UseCaseRunner>(std::move(*vault));
    }
    return *m_runner;
  }

  // Lets the worker finish what it was asked and hands the results over
  // (twice: a result may ask for more, as a list asks for its pictures).
  void settle() {
    for (int round = 0; round < 3; ++round) {
      runner().waitUntilIdle();
      QCoreApplication::processEvents();
    }
  }

  // Runs `work` on the worker and returns its result.
  template <class Work>
  auto onWorker(Work work) {
    std::optional<std::invoke_result_t<Work&, UseCaseRunner::Context&>> result;
    QObject receiver;
    runner().run(&receiver, std::move(work), [&result](auto outcome) { result.emplace(std::move(outcome)); });
    runner().waitUntilIdle();
    QCoreApplication::processEvents();
    return std::move(*result);
  }

  // `name` logged in on the worker, as the login dialog leaves it.
  LoggedInUser signIn(const std::string& name) {
    auto session = std::make_shared<Session>(login(name));
    return onWorker([session](UseCaseRunner::Context& context) {
      context.session.emplace(std::move(*session));
      return LoggedInUser::of(*context.session);
    });
  }

  // What the worker's session may list (an error when nobody is logged in).
  Result<std::vector<RecordingInfo>> listOnWorker() {
    return onWorker([](UseCaseRunner::Context& context) -> Result<std::vector<RecordingInfo>> {
      const Session* session = VS_TRY(context.who());
      return RecordingService(context.vault).listRecordings(*session);
    });
  }

  // The fixture's clock at the wall clock's now, for screens that offer
  // the real date (the import wizard's "recorded at").
  void clockToNow() {
    m_clock.set(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
  }

  std::unique_ptr<UseCaseRunner> m_runner;
};

}  // namespace vakspiegel::ui::test
