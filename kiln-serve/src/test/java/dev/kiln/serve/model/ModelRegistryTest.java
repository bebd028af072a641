package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {
  @Test
  void aRequestHoldingTheOldVersionFinishesOnItAndItsPredictorClosesAfterIt() {
    ModelRegistry registry = new ModelRegistry();
    ServedModel v1 = PaymentsModel.served("1");
    ServedModel v2 = PaymentsModel.served("2");
    registry.swap(v1);
    ServedModel held = registry.acquire("payments", null);
    assertThat(held).isSameAs(v1);

    registry.swap(v2);

    assertThat(registry.resolve("payments", null)).isSameAs(v2);
    assertThat(registry.versions("payments")).containsExactly("2");
    assertThat(v1.closed()).as("closed under a request that holds it").isFalse();
    double[] out = v1.predictor().predict(PaymentsModel.rows(1, 3));
    assertThat(out[0] + out[1]).isCloseTo(1.0, within(1e-9));
    held.release();
    assertThat(v1.closed()).as("closed once the last request let go").isTrue();
    // a lookup that raced with the swap gets the new version, never the closed one
    ServedModel next = registry.acquire("payments", null);
    assertThat(next).isSameAs(v2);
    next.release();
    assertThat(v2.closed()).isFalse();
    registry.close();
    assertThat(v2.closed()).isTrue();
    assertThat(v1.acquire()).isFalse();
  }

  @Test
  void armsAreSwappedAndDroppedOneByOneAndANameWithoutArmsIsLeftAlone() {
    ModelRegistry registry = new ModelRegistry();
    ModelSource plain = ModelSource.bundle("payments", java.nio.file.Path.of("a.kiln"));
    ModelSource canary =
        ModelSource.bundle("payments", java.nio.file.Path.of("b.kiln")).variant(2000);
    registry.route(java.util.List.of(plain, canary));
    assertThat(registry.ready()).isFalse();
    ServedModel v1 = PaymentsModel.served("1");
    ServedModel v2 = PaymentsModel.served("2");
    registry.swapArm(canary, v2);
    assertThat(registry.resolve("payments", null))
        .as("the canary answers until the plain arm is there")
        .isSameAs(v2);
    registry.swapArm(plain, v1);
    assertThat(registry.ready()).isTrue();
    assertThat(registry.resolve("payments", null)).isSameAs(v1);
    assertThat(registry.versions("payments")).containsExactly("1", "2");
    ServedModel v3 = PaymentsModel.served("3");
    registry.swapArm(canary, v3);
    assertThat(v2.closed()).isTrue();
    assertThat(v1.closed()).isFalse();
    registry.dropArm(canary);
    assertThat(v3.closed()).isTrue();
    assertThat(registry.versions("payments")).containsExactly("1");
    assertThat(registry.traffic("payments").arms())
        .extracting(Traffic.Arm::share)
        .containsExactly(10_000);
    registry.close();
    assertThat(v1.closed()).isTrue();

    ModelRegistry plainOnly = new ModelRegistry();
    ServedModel only = PaymentsModel.served("1");
    plainOnly.put(only);
    plainOnly.dropArm(plain);
    assertThat(plainOnly.resolve("payments", null)).isSameAs(only);
    plainOnly.close();
  }

  @Test
  void anUnheldVersionIsClosedAtOnceWhenSwappedOut() {
    ModelRegistry registry = new ModelRegistry();
    ServedModel v1 = PaymentsModel.served("1");
    registry.swap(v1);
    registry.swap(PaymentsModel.served("2"));
    assertThat(v1.closed()).isTrue();
    registry.close();
  }

  @Test
  void putKeepsOtherVersionsButSwapLeavesOnlyTheNewOne() {
    ModelRegistry registry = new ModelRegistry();
    ServedModel v1 = PaymentsModel.served("1");
    ServedModel v2 = PaymentsModel.served("2");
    registry.put(v1);
    registry.put(v2);
    assertThat(registry.versions("payments")).containsExactly("1", "2");
    assertThat(v1.closed()).isFalse();
    registry.swap(PaymentsModel.served("3"));
    assertThat(registry.versions("payments")).containsExactly("3");
    assertThat(v1.closed()).isTrue();
    assertThat(v2.closed()).isTrue();
    registry.close();
  }

  @Test
  void aLoadingNameAnswers503WithRetryAfterAndTheRegistryIsNotReady() {
    ModelRegistry registry = new ModelRegistry();
    registry.loading("fraud");
    assertThat(registry.ready()).isFalse();
    assertThat(registry.isLoading("fraud")).isTrue();
    assertThatThrownBy(() -> registry.resolve("fraud", null))
        .isInstanceOfSatisfying(
            HttpError.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE);
              assertThat(e.headers()).containsEntry("Retry-After", "1");
            })
        .hasMessage("Model 'fraud' is loading; try again in a moment.");
    assertThatThrownBy(registry::defaultModel).hasMessageContaining("is loading");
    registry.remove("fraud");
    assertThatThrownBy(() -> registry.resolve("fraud", null))
        .hasMessage("No model 'fraud' is served here; served models: none.");
  }
}
