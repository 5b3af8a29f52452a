package dev.vigil.cli;

import dev.vigil.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vigil} command: {@code serve} (the default), {@code simulate}, {@code replay}, {@code evaluate},
 * {@code bench}, {@code drift-soak}, {@code user}.
 */
@Command(name = "vigil", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "MQTT-native IoT monitoring with streaming anomaly detection.",
    subcommands = {ServeCommand.class, SimulateCommand.class, ReplayCommand.class, EvaluateCommand.class,
        BenchCommand.class, DriftSoakCommand.class, UserCommand.class, CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(withDefaultCommand(args));
  }

  /** {@code vigil} alone, or with only options, means {@code vigil serve ...}. */
  public static String[] withDefaultCommand(String[] args) {
    boolean firstIsOption = args.length > 0 && args[0].startsWith("-")
        && !args[0].equals("-h") && !args[0].equals("--help") && !args[0].equals("-V") && !args[0].equals("--version");
    if (args.length == 0 || firstIsOption) {
      String[] withServe = new String[args.length + 1];
      withServe[0] = "serve";
      System.arraycopy(args, 0, withServe, 1, args.length);
      return withServe;
    }
    return args;
  }

  /** The version from the jar's manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"vigil " + (v == null ? "dev" : v)};
    }
  }
}
