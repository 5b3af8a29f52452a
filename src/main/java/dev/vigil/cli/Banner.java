package dev.vigil.cli;

import dev.vigil.config.VigilConfig;
import dev.vigil.infra.VigilRuntime;
import dev.vigil.sim.BrokerAddress;

/** What `vigil serve` prints once it is up: where to point a browser and a device. */
final class Banner {

  private Banner() {
  }

  static String of(VigilRuntime runtime, VigilConfig config, int simulated) {
    BrokerAddress broker = runtime.broker();
    String host = "0.0.0.0".equals(config.httpHost()) ? "localhost" : config.httpHost();
    String brokerHost = "127.0.0.1".equals(broker.host()) ? "localhost" : broker.host();
    StringBuilder b = new StringBuilder()
        .append("\n  Vigil is running.\n\n")
        .append("  Dashboard   http://").append(host).append(':').append(config.httpPort()).append("/\n")
        .append("  MQTT        ").append(broker.toString())
        .append(config.embeddedBroker() ? "  (embedded broker)" : "").append('\n')
        .append("  PostgreSQL  ").append(config.embeddedPostgres() ? "embedded, data in " + config.dataDir() + "/pg"
            : "external").append('\n');
    runtime.clusterView().ifPresent(view -> b.append("  Cluster     ").append(view.members().size())
        .append(" member(s) in '").append(config.clusterName()).append("', this node ").append(view.self())
        .append("; each device is scored by one of them\n"));
    if (simulated > 0) {
      b.append("  Fleet       ").append(simulated).append(" simulated devices publishing\n");
    }
    b.append("  Login       ").append(config.authOpenLocalhost()
        ? "none: open on localhost (auth.open.localhost)" : "users and API tokens (docs/security.md)").append('\n');
    runtime.firstAdminPassword().ifPresent(password -> b.append("\n  First admin created. Log in as '")
        .append(dev.vigil.auth.UserStore.FIRST_ADMIN).append("' with this one-time password (shown only now;\n")
        .append("  you choose your own at the first login):\n\n      ").append(password).append('\n'));
    return b.append("\n  Send a reading:\n")
        .append("    mosquitto_pub -h ").append(brokerHost).append(" -p ").append(broker.port())
        .append(" -q 1 -t devices/kitchen-1/telemetry -m '{\"metrics\":{\"power_w\":5400}}'\n")
        .append("\n  Stop with Ctrl-C.\n")
        .toString();
  }
}
