package dev.vigil.cli;

import dev.vigil.infra.VigilRuntime;
import dev.vigil.sim.FleetSimulator;
import dev.vigil.sim.SimulatorOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The simulated fleet of {@code vigil serve --simulate N}: devices on the instance's own broker. */
final class FleetRunner {

  private static final Logger LOG = LoggerFactory.getLogger(FleetRunner.class);

  private final FleetSimulator fleet;

  private FleetRunner(FleetSimulator fleet) {
    this.fleet = fleet;
  }

  /** Starts {@code devices} simulated devices (blocking the calling, non-Vert.x thread until connected). */
  static FleetRunner start(VigilRuntime runtime, int devices, double rate) throws Exception {
    SimulatorOptions options = SimulatorOptions.of(runtime.broker(), devices).withRate(rate);
    FleetSimulator fleet = new FleetSimulator(runtime.vertx(), options);
    VigilRuntime.blockOn(fleet.start());
    LOG.info("simulated fleet of {} devices publishing {} readings/s each", devices, rate);
    return new FleetRunner(fleet);
  }

  void stop() {
    try {
      VigilRuntime.blockOn(fleet.stop());
    } catch (Exception e) {
      LOG.warn("stopping the simulated fleet: {}", e.getMessage());
    }
  }
}
