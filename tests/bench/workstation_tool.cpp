// The workstation's figures, printed as run.sh's lines
// (figure<TAB>project<TAB>reference<TAB>ratio<TAB>unit), each against the
// goal of the workstation issue as its reference:
// - the library with VS_LIBRARY_COUNT recordings (default 500, imported for
//   real from a 2-second recording): from asking for the list to the table
//   filled, through the window's own controller and worker (goal 100 ms);
//   and the slowest sort by any column (goal 100 ms);
// - the wizard's import of a VS_IMPORT_MINUTES-minute remux (default 60; a
//   640x360 H.264 + AAC recording made once with ffmpeg): the longest wait
//   between two progress updates on the GUI thread (goal 250 ms), and the
//   GUI thread's longest stall meanwhile, measured as the lateness of a 5 ms
//   timer (goal 50 ms).
// - the review screen on that hour: open to the first picture and to the
//   thumbnail strip painted (goal 300 ms each); the timeline with 10,000
//   notes painted at every zoom level (goal 16 ms, the slowest level); a
//   scrub's keyframe picture per mouse move (goal 50 ms) and the exact one
//   on release (goal 150 ms); pictures dropped in VS_REVIEW_PLAY_SECONDS
//   (default 30) of 2x playback (goal 0; the reference is 1 so the ratio is
//   the count).
// Usage: QT_QPA_PLATFORM=offscreen workstation_tool WORKDIR
#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QImage>
#include <QPainter>
#include <QTableView>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "app/account_service.h"
#include "app/import_service.h"
#include "app/vault.h"
#include "core/i18n.h"
#include "common/use_case_runner.h"
#include "import/import_controller.h"
#include "library/library_controller.h"
#include "library/library_page.h"
#include "library/recording_table_model.h"
#include "player/player_page.h"
#include "review/review_page.h"
#include "review/timeline_widget.h"
#include "shell/main_window.h"

namespace vs = vakspiegel;
namespace fs = std::filesystem;

namespace {

long envNumber(const char* name, long fallback) {
  const char* text = std::getenv(name);
  return text && std::atol(text) > 0 ? std::atol(text) : fallback;
}

void figure(const std::string& name, double project, double reference, const char* unit) {
  std::printf("%s\t%.1f\t%.1f\t%.3f\t%s\n", name.c_str(), project, reference, project / reference, unit);
  std::fflush(stdout);
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "workstation_tool: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T check(vs::Result<T> result, const char* what) {
  if (!result) die(std::string(what) + ": " + result.error().message);
  return std::move(*result);
}

void shell(const std::string& command) {
  if (std::system(command.c_str()) != 0) die("failed: " + command);
}

// Waits (running the event loop) until `done` or 10 minutes passed.
template <class Done>
void waitFor(Done done) {
  QElapsedTimer waited;
  waited.start();
  while (!done()) {
    if (waited.elapsed() > 600'000) die("timed out");
    QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
  }
}

vs::ImportRequest requestFor(const fs::path& source, vs::WallTime now) {
  vs::ImportRequest request;
  request.source = source;
  request.consent.scopes = {"self_review", "coach_review"};
  request.consent.method = "verbal";
  request.consent.recordedAt = now - std::chrono::hours(1);
  return request;
}

void libraryFigures(const fs::path& work, vs::ui::UseCaseRunner& runner, const vs::ui::LoggedInUser& user) {
  vs::ui::MainWindow window(runner, vs::ui::PlayerController::AudioChoice::Never, QString());
  window.resize(1366, 768);
  window.show();
  const int count = static_cast<int>(envNumber("VS_LIBRARY_COUNT", 500));
  // Opening: the list asked on the worker, the answer in the model, the
  // table laid out and painted. First as the user logs in; then refreshes
  // (as after every sweep), each once the worker is idle.
  std::vector<double> opens;
  for (int round = 0; round < 6; ++round) {
    bool isRefreshed = false;
    auto connection = QObject::connect(&window.libraryController(), &vs::ui::LibraryController::refreshed,
                                       [&isRefreshed](int) { isRefreshed = true; });
    QElapsedTimer timer;
    timer.start();
    if (round == 0)
      window.showUser(user);
    else
      window.libraryController().refresh();
    waitFor([&] { return isRefreshed; });
    window.library()->table()->viewport()->repaint();
    opens.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    QObject::disconnect(connection);
    if (window.recordings().rowCount() != count)
      die("the library lists " + std::to_string(window.recordings().rowCount()));
    // The pictures and shares asked after the list come in.
    QElapsedTimer details;
    details.start();
    runner.waitUntilIdle();
    QCoreApplication::processEvents();
    if (round == 0)
      std::fprintf(stderr, "workstation_tool: the pictures and shares of %d recordings in %.0f ms after the list\n",
                   count, static_cast<double>(details.elapsed()));
  }
  std::fprintf(stderr, "workstation_tool: library open and refreshes (ms):");
  for (double ms : opens) std::fprintf(stderr, " %.1f", ms);
  std::fprintf(stderr, "\n");
  const std::string library = "library of " + std::to_string(count) + " recordings: ";
  figure(library + "login to painted table", opens[0], 100, "ms");
  std::vector<double> refreshes(opens.begin() + 1, opens.end());
  std::sort(refreshes.begin(), refreshes.end());
  figure(library + "refresh to painted table, median of 5", refreshes[2], 100, "ms");

  QTableView* table = window.library()->table();
  double slowest = 0;
  for (int column = vs::ui::RecordingTableModel::RecordedAt; column < vs::ui::RecordingTableModel::ColumnCount;
       ++column) {
    for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
      QElapsedTimer timer;
      timer.start();
      table->sortByColumn(column, order);
      table->viewport()->repaint();
      slowest = std::max(slowest, static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
  }
  figure(library + "slowest sort (any column, either way)", slowest, 100, "ms");
  (void)work;
}

// The median of `values` (sorted in place).
double median(std::vector<double>& values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

double msSince(const QElapsedTimer& timer) {
  return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

// The review screen on the imported hour: opening it, painting the timeline
// with 10,000 notes at every zoom, scrubbing, and playing at 2x.
void reviewFigures(vs::ui::UseCaseRunner& runner, const vs::ui::LoggedInUser& user, const std::string& recordingId,
                   long minutes) {
  vs::ui::ReviewPage page(runner, vs::ui::PlayerController::AudioChoice::Never);
  page.setUser(user);
  page.resize(1366, 768);
  page.show();
  vs::ui::PlayerController& c = page.controller();
  const QString id = QString::fromStdString(recordingId);

  // Opening: to the first picture and to the first thumbnail strip.
  std::vector<double> firstPicture, firstStrip;
  for (int round = 0; round < 5; ++round) {
    page.closeRecording();
    runner.waitUntilIdle();
    QCoreApplication::processEvents();
    bool isShown = false, hasStrip = false;
    QElapsedTimer timer;
    auto shown = QObject::connect(&c, &vs::ui::PlayerController::frameShown, [&](qint64) {
      if (!isShown) firstPicture.push_back(msSince(timer));
      isShown = true;
    });
    auto strip = QObject::connect(&page.player(), &vs::ui::PlayerPage::timelineRead, [&](auto&&...) {
      if (!hasStrip) {
        page.timeline().repaint();
        firstStrip.push_back(msSince(timer));
      }
      hasStrip = true;
    });
    timer.start();
    page.openRecording(id, QStringLiteral("het uur"), true, false);
    waitFor([&] { return isShown && hasStrip; });
    QObject::disconnect(shown);
    QObject::disconnect(strip);
  }
  runner.waitUntilIdle();
  QCoreApplication::processEvents();
  const std::string what = "review screen on a " + std::to_string(minutes) + "-minute recording: ";
  figure(what + "open to first picture, median of 5", median(firstPicture), 300, "ms");
  figure(what + "open to thumbnail strip painted, median of 5", median(firstStrip), 300, "ms");

  // The timeline with 10,000 notes, painted at every zoom from the whole
  // conversation to single pictures: the slowest level's median of 15.
  vs::ui::TimelineWidget& timeline = page.timeline();
  std::vector<vs::ui::TimelineMark> marks;
  const qint64 durationMs = c.durationMs();
  for (int i = 0; i < 10'000; ++i) {
    const qint64 at = durationMs * i / 10'000;
    marks.push_back({QString::number(i), i % 3, at, i % 4 == 0 ? std::optional<qint64>(at + 8'000) : std::nullopt,
                     QStringLiteral("Leerpunt"), QString()});
  }
  timeline.setMarks(std::move(marks));
  timeline.zoomAll();
  QImage canvas(timeline.size() * timeline.devicePixelRatio(), QImage::Format_ARGB32_Premultiplied);
  double slowestLevel = 0;
  int levels = 0;
  for (;; ++levels) {
    timeline.zoomTo(timeline.msPerPixel(), durationMs / 3);
    std::vector<double> paints;
    for (int i = 0; i < 15; ++i) {
      QElapsedTimer timer;
      timer.start();
      QPainter painter(&canvas);
      timeline.render(&painter);
      painter.end();
      paints.push_back(msSince(timer));
    }
    slowestLevel = std::max(slowestLevel, median(paints));
    if (timeline.msPerPixel() <= timeline.minMsPerPixel() + 1e-9) break;
    timeline.zoomIn();
  }
  std::fprintf(stderr, "workstation_tool: the timeline painted at %d zoom levels\n", levels + 1);
  figure(what + "timeline with 10000 notes, slowest zoom level's paint (median of 15)", slowestLevel, 16, "ms");

  // Scrubbing: a fast (keyframe) picture per mouse move, the exact one on release.
  std::vector<double> fast, exact;
  std::uint64_t seed = 20261207;
  const auto nextPosition = [&] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<qint64>((seed >> 33) % static_cast<std::uint64_t>(durationMs - 1000));
  };
  const auto timeToPicture = [&](auto&& ask) {
    bool isShown = false;
    auto connection = QObject::connect(&c, &vs::ui::PlayerController::frameShown, [&](qint64) { isShown = true; });
    QElapsedTimer timer;
    timer.start();
    ask();
    waitFor([&] { return isShown; });
    QObject::disconnect(connection);
    return msSince(timer);
  };
  for (int i = 0; i < 40; ++i) {
    const qint64 at = nextPosition();
    fast.push_back(timeToPicture([&] { c.seekKeyframe(at); }));
    exact.push_back(timeToPicture([&] { c.seek(at + 333); }));
  }
  const double fastMedian = median(fast), exactMedian = median(exact);
  figure(what + "scrub: picture after a mouse move, median of 40", fastMedian, 50, "ms");
  figure(what + "scrub: picture after a mouse move, slowest of 40", fast.back(), 50, "ms");
  figure(what + "scrub: exact picture after release, median of 40", exactMedian, 150, "ms");
  figure(what + "scrub: exact picture after release, slowest of 40", exact.back(), 150, "ms");

  // 2x playback on the review screen (its GUI thread takes the pictures).
  const long seconds = envNumber("VS_REVIEW_PLAY_SECONDS", 30);
  c.seek(durationMs / 3);
  runner.waitUntilIdle();
  QCoreApplication::processEvents();
  c.setSpeed(2.0);
  const vs::media::PlayerStats before = c.player()->stats();
  c.play();
  QElapsedTimer played;
  played.start();
  waitFor([&] { return played.elapsed() >= seconds * 1000; });
  c.pause();
  const vs::media::PlayerStats after = c.player()->stats();
  const double shown = static_cast<double>(after.picturesShown - before.picturesShown);
  const double dropped = static_cast<double>(after.picturesDropped - before.picturesDropped);
  std::fprintf(stderr, "workstation_tool: 2x for %ld s: %.0f pictures shown, %.0f dropped\n", seconds, shown, dropped);
  figure(what + "2x playback: pictures dropped of " + std::to_string(static_cast<long>(shown + dropped)), dropped,
         1, "pictures");
  page.closeRecording();
}

void importFigures(const fs::path& work, vs::ui::UseCaseRunner& runner, const vs::ui::LoggedInUser& user) {
  const long minutes = envNumber("VS_IMPORT_MINUTES", 60);
  const fs::path source = work / ("gesprek-" + std::to_string(minutes) + "min.mp4");
  if (!fs::exists(source)) {
    std::fprintf(stderr, "workstation_tool: making a %ld-minute recording (once)\n", minutes);
    shell("ffmpeg -nostdin -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i "
          "sine=frequency=300:sample_rate=48000 -t " +
          std::to_string(minutes * 60) +
          " -c:v libx264 -preset ultrafast -g 50 -pix_fmt yuv420p -c:a aac -b:a 64k '" + source.string() + "'");
  }
  vs::ui::ImportController controller(runner);
  QElapsedTimer sinceProgress;
  double longestWait = 0;
  int updates = 0;
  QObject::connect(&controller, &vs::ui::ImportController::progressed, [&](double, double) {
    if (updates++ > 0) longestWait = std::max(longestWait, static_cast<double>(sinceProgress.nsecsElapsed()) / 1e6);
    sinceProgress.restart();
  });
  // The GUI thread's stalls: how late a 5 ms timer fires.
  QTimer ticker;
  ticker.setTimerType(Qt::PreciseTimer);
  ticker.setInterval(5);
  QElapsedTimer sinceTick;
  double longestStall = 0;
  QObject::connect(&ticker, &QTimer::timeout, [&] {
    longestStall = std::max(longestStall, static_cast<double>(sinceTick.nsecsElapsed()) / 1e6 - 5);
    sinceTick.restart();
  });
  bool isFinished = false;
  QObject::connect(&controller, &vs::ui::ImportController::finished, [&] { isFinished = true; });
  QElapsedTimer total;
  total.start();
  sinceProgress.start();
  sinceTick.start();
  ticker.start();
  controller.start(requestFor(source, std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())));
  waitFor([&] { return isFinished; });
  ticker.stop();
  if (!controller.outcome() || !*controller.outcome()) die("import: " + controller.outcome()->error().message);
  std::fprintf(stderr, "workstation_tool: %ld-minute remux through the wizard's controller in %.1f s, %d updates\n",
               minutes, static_cast<double>(total.elapsed()) / 1000, updates);
  const std::string what = std::to_string(minutes) + "-minute remux in the wizard: ";
  figure(what + "longest wait between progress updates", longestWait, 250, "ms");
  figure(what + "GUI thread's longest stall", longestStall, 50, "ms");
  reviewFigures(runner, user, (*controller.outcome())->recordingId, minutes);
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  if (argc != 2) die("usage: workstation_tool WORKDIR");
  const fs::path work = argv[1];
  vs::setLanguage(vs::Language::English);
  static const vs::SystemClock clock;
  const fs::path dir = work / "vault";
  vs::VaultOptions options;
  options.passwordCost = vs::KdfParams::interactive();
  auto vault = check(vs::Vault::init(dir, "beheer", "beheer-wachtwoord", clock, options), "init");
  const vs::Session admin = check(vault->login("beheer", "beheer-wachtwoord"), "login");
  check(vs::AccountService(*vault).addUser(admin, "km.jansen", vs::Role::Klantmanager, "km.jansen-eenmalig"),
        "add user");
  vs::Session first = check(vault->login("km.jansen", "km.jansen-eenmalig"), "login");
  check(vs::AccountService(*vault).changePassword(first, "km.jansen-eenmalig", "km.jansen-wachtwoord"),
        "own password");
  const vs::Session owner = check(vault->login("km.jansen", "km.jansen-wachtwoord"), "login");

  const fs::path small = work / "kort.mp4";
  shell("ffmpeg -nostdin -loglevel error -y -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i "
        "sine=frequency=440:sample_rate=48000 -t 2 -c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p -c:a aac '" +
        small.string() + "'");
  const long count = envNumber("VS_LIBRARY_COUNT", 500);
  std::fprintf(stderr, "workstation_tool: importing %ld recordings\n", count);
  for (long i = 0; i < count; ++i)
    check(vs::ImportService(*vault).importRecording(owner, requestFor(small, clock.now())), "import");

  // The window's worker on a connection of its own, logged in as the owner.
  vs::ui::UseCaseRunner runner(check(vs::Vault::open(dir, clock), "open"));
  vs::ui::LoggedInUser user;
  {
    QObject receiver;
    bool isIn = false;
    runner.run(
        &receiver,
        [](vs::ui::UseCaseRunner::Context& context) -> vs::Result<vs::ui::LoggedInUser> {
          context.session = VS_TRY(context.vault.login("km.jansen", "km.jansen-wachtwoord"));
          return vs::ui::LoggedInUser::of(*context.session);
        },
        [&](vs::Result<vs::ui::LoggedInUser> result) {
          user = check(std::move(result), "login on the worker");
          isIn = true;
        });
    waitFor([&] { return isIn; });
  }
  libraryFigures(work, runner, user);
  importFigures(work, runner, user);
  return 0;
}
