package dev.kiln.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelRefTest {
  @Test
  void readsAnAliasAVersionOrANameAlone() {
    assertThat(ModelRef.parse("fraud@champion")).isEqualTo(new ModelRef("fraud", "champion", 0));
    assertThat(ModelRef.parse("fraud/3")).isEqualTo(new ModelRef("fraud", null, 3));
    assertThat(ModelRef.parse("fraud")).isEqualTo(new ModelRef("fraud", null, 0));
    assertThat(ModelRef.parse("team/fraud/12")).isEqualTo(new ModelRef("team/fraud", null, 12));
    assertThat(ModelRef.parse("team/fraud")).isEqualTo(new ModelRef("team/fraud", null, 0));
  }

  @Test
  void refusesEmptyPartsAndVersionZero() {
    assertThatThrownBy(() -> ModelRef.parse("fraud@"))
        .hasMessage("A model reference is NAME, NAME@ALIAS or NAME/VERSION, but was 'fraud@'.");
    assertThatThrownBy(() -> ModelRef.parse("@champion")).hasMessageContaining("'@champion'");
    assertThatThrownBy(() -> ModelRef.parse("fraud/0"))
        .hasMessage("A model version is a number from 1 up, but 'fraud/0' names version 0.");
    assertThatThrownBy(() -> ModelRef.parse(" ")).hasMessageContaining("was empty");
  }
}
