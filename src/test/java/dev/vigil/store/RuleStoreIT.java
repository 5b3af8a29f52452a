package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.Rule;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RuleStoreIT {

  private static Vertx vertx;
  private static Pool pool;
  private static String pgUri;
  private static RuleStore rules;

  @BeforeAll
  static void start() {
    pgUri = TestInfra.freshDatabase();
    vertx = Vertx.vertx();
    pool = PgPools.create(vertx, pgUri, 2);
    rules = new RuleStore(pool);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void emptyTable() {
    TestInfra.execute(pgUri, "DELETE FROM rules");
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void createsAndReadsBackARule() throws Exception {
    Rule created = await(rules.create(new Rule(null, "kitchen-1", "power_w", ">", 3000, "high", true)));
    assertThat(created.id()).isNotNull();
    assertThat(await(rules.get(created.id()))).contains(created);
    assertThat(await(rules.list())).containsExactly(created);
  }

  @Test
  void refusesADuplicateRuleWithADuplicateRuleException() throws Exception {
    Rule rule = new Rule(null, null, "power_w", ">", 3000, "high", true);
    await(rules.create(rule));
    Throwable failure = rules.create(rule.withId(99)).toCompletionStage().toCompletableFuture()
        .handle((ok, e) -> e).get(10, TimeUnit.SECONDS);
    assertThat(failure).isInstanceOf(DuplicateRuleException.class);
  }

  @Test
  void updatesAndDeletesARule() throws Exception {
    Rule created = await(rules.create(new Rule(null, null, "temperature", "<", 5, "medium", true)));
    Rule changed = new Rule(null, null, "temperature", "<", 2, "critical", false);
    assertThat(await(rules.update(created.id(), changed))).contains(changed.withId(created.id()));
    assertThat(await(rules.update(created.id() + 1000, changed))).isEmpty();
    assertThat(await(rules.delete(created.id()))).isTrue();
    assertThat(await(rules.delete(created.id()))).isFalse();
    assertThat(await(rules.get(created.id()))).isEqualTo(Optional.empty());
  }

  @Test
  void seedsOnlyTheRulesThatAreAbsent() throws Exception {
    Rule existing = await(rules.create(new Rule(null, null, "power_w", ">", 3000, "low", true)));
    await(rules.seed(Rule.parseSeed("power_w>3000:high;temperature<5")));
    await(rules.seed(Rule.parseSeed("power_w>3000:high;temperature<5")));
    List<Rule> all = await(rules.list());
    assertThat(all).hasSize(2);
    assertThat(all.get(0)).isEqualTo(existing);
    assertThat(all.get(1).describe()).isEqualTo("temperature < 5");
  }
}
