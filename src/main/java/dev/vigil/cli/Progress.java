package dev.vigil.cli;

import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A command's progress bar on stderr (stdout stays clean for the command's results), drawn by
 * me.tongfei:progressbar in ASCII so that logs and Windows consoles show it as it is. On a terminal it is
 * redrawn in place; otherwise (CI logs, pipes) a whole line is written every {@link #LOG_INTERVAL} and
 * once at the end, instead of hundreds of carriage-return redraws.
 */
public final class Progress implements AutoCloseable {

  static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
  private static final Duration TERMINAL_REDRAW = Duration.ofMillis(250);
  // Log lines have no terminal to measure; wide enough for the bar and the longest extra message.
  private static final int LOG_LINE_WIDTH = 120;
  private static final String JLINE_QUIET = "org.jline.terminal.disableDeprecatedProviderWarning";

  private final ProgressBar bar;
  private final GuardedConsumer consumer;

  private Progress(String task, long total, String unit, ProgressBarConsumer consumer, Duration interval) {
    this.consumer = new GuardedConsumer(consumer);
    this.bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(unit, 1)
        .setUpdateIntervalMillis((int) interval.toMillis())
        .setConsumer(this.consumer)
        .build();
  }

  /** A bar for {@code total} units (" rows", " readings"), redrawn in place on a terminal, else logged. */
  public static Progress open(String task, long total, String unit) {
    if (!onTerminal()) {
      return toLines(task, total, unit, System.err, LOG_INTERVAL);
    }
    // The library asks JLine for the terminal's width. JLine picks the jansi provider that Tribuo's olcut
    // brings along and logs a deprecation warning about it onto the terminal: meant for JLine's
    // integrators, not for our users.
    if (System.getProperty(JLINE_QUIET) == null) {
      System.setProperty(JLINE_QUIET, "true");
    }
    return new Progress(task, total, unit, new ConsoleProgressBarConsumer(System.err), TERMINAL_REDRAW);
  }

  /** A bar written as whole lines to {@code out}: the start, every {@code interval} with progress, the end. */
  static Progress toLines(String task, long total, String unit, PrintStream out, Duration interval) {
    // The explicit width keeps the library from probing a terminal (JLine) that is not there.
    ProgressBarConsumer lines = new DelegatingProgressBarConsumer(line -> {
      out.println(line);
      out.flush();
    }, LOG_LINE_WIDTH);
    return new Progress(task, total, unit, lines, interval);
  }

  /**
   * Whether stdin/stdout are an interactive terminal. Up to JDK 21 System.console() is null otherwise;
   * from JDK 22 it is a console either way and Console.isTerminal() (absent from JDK 17) tells.
   */
  static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException olderJdk) {
      return true;
    }
  }

  /**
   * Units done so far. Never moves the bar back: parallel workers may report out of order.
   * Safe to call from any thread.
   */
  public synchronized void update(long done) {
    if (done > bar.getCurrent()) {
      bar.stepTo(done);
    }
  }

  /** Units done so far, and a message shown after the bar ("sent 10 acked 9"). */
  public synchronized void update(long done, String message) {
    // Message first: the library's render thread may draw as soon as the count moves, and it redraws
    // only when the count moved again, so a message set after the step could miss the final line.
    bar.setExtraMessage(message);
    update(done);
  }

  /** Draws the final state (the final count, on its own line) and stops redrawing. */
  @Override
  public synchronized void close() {
    bar.close();
    consumer.close();
  }

  /**
   * Passes on each render unless it repeats the last one (on close the library draws the final state twice,
   * which a log would show as two lines), and closes its consumer once, ending the bar's line on a terminal:
   * the library skips that when a bar is closed before its first draw, so {@link #close()} closes it too.
   */
  private static final class GuardedConsumer implements ProgressBarConsumer {
    private final ProgressBarConsumer delegate;
    private String last;
    private boolean closed;

    GuardedConsumer(ProgressBarConsumer delegate) {
      this.delegate = delegate;
    }

    @Override
    public int getMaxRenderedLength() {
      return delegate.getMaxRenderedLength();
    }

    @Override
    public synchronized void accept(String rendered) {
      if (!rendered.equals(last)) {
        last = rendered;
        delegate.accept(rendered);
      }
    }

    @Override
    public void clear() {
      delegate.clear();
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        delegate.close();
      }
    }
  }
}
