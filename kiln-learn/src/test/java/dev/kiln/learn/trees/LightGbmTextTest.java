package dev.kiln.learn.trees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A truncated or edited LightGBM text is one clear error naming the line and the tree. */
class LightGbmTextTest {
  private static String text;

  @BeforeAll
  static void train() throws Exception {
    text =
        Libraries.lightGbm(
            Libraries.csv("breast_cancer"), "objective=binary num_leaves=7 min_data_in_leaf=5", 5);
  }

  private static int lineOf(String s, String prefix) {
    String[] lines = s.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith(prefix)) {
        return i + 1;
      }
    }
    throw new AssertionError(prefix);
  }

  @Test
  void readsTheWholeModel() throws Exception {
    Ensemble e = Ensemble.lightGbm(text);
    assertThat(e.trees()).isEqualTo(5);
    assertThat(e.features()).isEqualTo(30);
    assertThat(e.outputs()).isEqualTo(2);
  }

  @Test
  void refusesATextCutInsideATreeNamingTheTree() {
    int tree = text.indexOf("Tree=3");
    String cut = text.substring(0, text.indexOf('\n', text.indexOf("num_leaves=", tree)) + 1);
    assertThatThrownBy(() -> Ensemble.lightGbm(cut))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "LightGBM model text, line "
                + lineOf(text, "Tree=3")
                + " (Tree=3): the tree has no 'split_feature' line; the text is truncated");
    String midLine = text.substring(0, text.indexOf("split_feature=", tree) + 5);
    assertThatThrownBy(() -> Ensemble.lightGbm(midLine))
        .isInstanceOf(UserException.class)
        .hasMessageEndingWith("(Tree=3): expected key=value but found 'split'");
  }

  @Test
  void refusesATextCutBetweenTrees() {
    String cut = text.substring(0, text.indexOf("Tree=4"));
    assertThatThrownBy(() -> Ensemble.lightGbm(cut))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(
            "(Tree=3): expected 'Tree=4' or 'end of trees'; the text is truncated");
  }

  @Test
  void refusesALeafValueLineWithAValueTooFew() {
    int at = text.indexOf("leaf_value=", text.indexOf("Tree=2"));
    int end = text.indexOf('\n', at);
    String edited = text.substring(0, text.lastIndexOf(' ', end)) + text.substring(end);
    int line =
        lineOf(text.substring(text.indexOf("Tree=2")), "leaf_value=") + lineOf(text, "Tree=2") - 1;
    assertThatThrownBy(() -> Ensemble.lightGbm(edited))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "LightGBM model text, line "
                + line
                + " (Tree=2): leaf_value has 6 values but the tree needs 7");
  }

  @Test
  void refusesAThresholdThatIsNotANumber() {
    String edited = text.replaceFirst("threshold=[^ \n]+", "threshold=abc");
    assertThatThrownBy(() -> Ensemble.lightGbm(edited))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "LightGBM model text, line "
                + lineOf(text, "threshold=")
                + " (Tree=0): threshold value 'abc' is not a number");
  }

  @Test
  void refusesChildrenThatMakeALoop() {
    String edited = text.replaceFirst("left_child=[^ \n]+", "left_child=0");
    assertThatThrownBy(() -> Ensemble.lightGbm(edited))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "LightGBM model text, line "
                + lineOf(text, "left_child=")
                + " (Tree=0): node 0 has child 0 which is out of range or reached twice");
  }

  @Test
  void refusesATextThatIsNotAModel() {
    assertThatThrownBy(() -> Ensemble.lightGbm("hello\nworld"))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "LightGBM model text, line 1: expected the first line to be 'tree' but found 'hello'");
  }

  @Test
  void saysItDoesNotImplementAnotherObjective() {
    String edited = text.replace("objective=binary sigmoid:1", "objective=poisson");
    assertThatThrownBy(() -> Ensemble.lightGbm(edited))
        .isInstanceOf(Unsupported.class)
        .hasMessage(
            "Kiln's tree evaluator implements the LightGBM objectives binary, multiclass and"
                + " regression (L2) but the model has 'poisson' with num_class=1");
  }

  @Test
  void saysItDoesNotImplementLinearTrees() {
    String edited = text.replaceFirst("is_linear=0", "is_linear=1");
    assertThatThrownBy(() -> Ensemble.lightGbm(edited))
        .isInstanceOf(Unsupported.class)
        .hasMessage("tree 0 has linear models in its leaves (linear_tree)");
  }
}
