package dev.vigil.config;

import dev.vigil.sim.BrokerAddress;
import dev.vigil.alert.AlertConfig;
import dev.vigil.forecast.ForecastConfig;
import dev.vigil.ingest.IngestConfig;
import dev.vigil.notify.NotifyConfig;
import dev.vigil.scoring.ScoringConfig;
import dev.vigil.store.Retention;
import dev.vigil.store.StoreConfig;
import dev.vigil.web.WebConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Cuts the instance's settings into the slice each stage receives in its constructor. */
public record StageConfigs(IngestConfig ingest, ScoringConfig scoring, StoreConfig store, AlertConfig alert,
    WebConfig web, Retention retention, NotifyConfig notifications, ForecastConfig forecast) {

  public static StageConfigs of(VigilConfig c, BrokerAddress broker, String pgUri) {
    String clientId = c.mqttClientId().isEmpty()
        ? IngestConfig.defaultClientId(hostName() + "-" + c.httpPort(), broker.username(), broker.password())
        : c.mqttClientId();
    String topic = !c.mqttTopic().isEmpty() ? c.mqttTopic() : IngestConfig.topicFilter(c.cluster());
    int lanes = c.effectiveScoringLanes();
    return new StageConfigs(
        new IngestConfig(broker.host(), broker.port(), broker.tls(), broker.username(), broker.password(), clientId,
            topic, c.mqttReconnectMaxMs(), lanes, IngestConfig.maxReadingsInFlight(c.storeMaxPending())),
        new ScoringConfig(lanes, c.scoringWarmup(), c.scoringThreshold(), c.scoringDevicesMax(),
            java.time.Duration.ofSeconds(c.scoringDevicesIdleSeconds())),
        new StoreConfig(pgUri, c.pgPoolSize(), c.storeBatchSize(), c.storeBatchDelayMs(), c.storeMaxPending(),
            c.storeBandEveryMs()),
        new AlertConfig(c.alertRules(), c.alertOpenAfter(), c.alertClearAfter(), c.alertOfflineAfterSeconds(),
            broker.host(), broker.port(), broker.tls(), broker.username(), broker.password()),
        new WebConfig(c.httpHost(), c.httpPort(), c.apiToken(), null, c.httpOrigins(), c.metricsToken(),
            c.httpIdleTimeoutS(), c.httpHeaderTimeoutS(), c.httpConnectionsMax(), c.authOpenLocalhost(),
            c.forecast().metric()),
        c.storeRetention(), c.notifications(), c.forecast());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "");
    } catch (UnknownHostException e) {
      return "local";
    }
  }
}
