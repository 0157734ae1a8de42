// The recall prompt card: at a pause (and on a key) it offers one neutral
// question of the vault's prompt set ("Wat dacht je hier?") with a field for
// the answer. Enter saves the answer as a note at that moment, linked to the
// question; "Another question" moves on; Esc closes. The card can be turned
// off (kept per user). A view: setters in, signals out.
#pragma once

#include <QWidget>

#include <vector>

#include "app/coding_scheme_service.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace vakspiegel::ui {

class PromptCard : public QWidget {
  Q_OBJECT

 public:
  explicit PromptCard(QWidget* parent = nullptr);

  void setPrompts(std::vector<RecallPrompt> prompts);
  [[nodiscard]] bool hasPrompts() const { return !m_prompts.empty(); }
  // Shows the next question for the moment `atMs`.
  void ask(qint64 atMs);
  [[nodiscard]] qint64 atMs() const { return m_atMs; }
  [[nodiscard]] QString promptId() const;
  [[nodiscard]] QString answer() const;
  [[nodiscard]] QLineEdit* answerField() const { return m_answer; }
  void setPromptsOnPause(bool isOn);

 signals:
  void answered();
  void closed();
  void promptsOnPauseChanged(bool isOn);

 protected:
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void showCurrent();

  std::vector<RecallPrompt> m_prompts;
  std::size_t m_next = 0;
  std::size_t m_current = 0;
  qint64 m_atMs = 0;
  QLabel* m_questionLabel;
  QLineEdit* m_answer;
  QPushButton* m_saveButton;
  QPushButton* m_otherButton;
  QPushButton* m_closeButton;
  QCheckBox* m_onPauseBox;
};

}  // namespace vakspiegel::ui
