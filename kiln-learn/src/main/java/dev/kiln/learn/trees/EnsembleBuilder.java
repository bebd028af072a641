package dev.kiln.learn.trees;

import java.util.Arrays;

/**
 * Collects trees for an {@link Ensemble}. A tree is added as its nodes in the file's own numbering
 * (children {@code >= 0} are nodes of the same tree, {@code < 0} are leaves {@code ~index}); the
 * builder renumbers them globally. The readers check the shape first ({@link #shapeProblem}): every
 * node but node 0 and every leaf is the child of exactly one node, so a walk from node 0 never
 * repeats a node and always ends in a leaf.
 */
final class EnsembleBuilder {
  int features;
  int groups = 1;
  double[] base = {0};
  Ensemble.Link link = Ensemble.Link.IDENTITY;
  double sigmoid = 1;
  int average;
  boolean float32;
  boolean zeroSmall;
  String description = "tree ensemble";

  final Ints roots = new Ints();
  final Ints group = new Ints();
  final Ints feature = new Ints();
  final Doubles threshold = new Doubles();
  final Ints left = new Ints();
  final Ints right = new Ints();
  final Bytes flags = new Bytes();
  final Doubles leaf = new Doubles();

  /**
   * Adds one tree of class {@code g}. Arrays are per internal node (feature, threshold, children,
   * flags) and per leaf (values); a tree of one leaf has no internal nodes.
   */
  void tree(
      int g,
      int[] splitFeature,
      double[] splitThreshold,
      int[] leftChild,
      int[] rightChild,
      byte[] nodeFlags,
      double[] leafValues) {
    int nodeBase = feature.size;
    int leafBase = leaf.size;
    roots.add(splitFeature.length == 0 ? ~leafBase : nodeBase);
    group.add(g);
    for (int n = 0; n < splitFeature.length; n++) {
      feature.add(splitFeature[n]);
      features = Math.max(features, splitFeature[n] + 1);
      threshold.add(splitThreshold[n]);
      left.add(leftChild[n] >= 0 ? nodeBase + leftChild[n] : ~(leafBase + ~leftChild[n]));
      right.add(rightChild[n] >= 0 ? nodeBase + rightChild[n] : ~(leafBase + ~rightChild[n]));
      flags.add(nodeFlags[n]);
    }
    for (double v : leafValues) {
      leaf.add(v);
    }
  }

  Ensemble build() {
    return new Ensemble(this);
  }

  /**
   * Null when every internal node {@code 1 … nodes-1} and leaf {@code 0 … leaves-1} is the child of
   * exactly one node and node 0 of none; else what is wrong.
   */
  static String shapeProblem(int[] leftChild, int[] rightChild, int leaves) {
    int nodes = leftChild.length;
    if (nodes == 0) {
      return leaves == 1 ? null : "a tree without splits must have 1 leaf but has " + leaves;
    }
    if (leaves != nodes + 1) {
      return "a tree with " + nodes + " splits must have " + (nodes + 1) + " leaves";
    }
    boolean[] nodeSeen = new boolean[nodes];
    boolean[] leafSeen = new boolean[leaves];
    nodeSeen[0] = true;
    for (int n = 0; n < nodes; n++) {
      for (int c : new int[] {leftChild[n], rightChild[n]}) {
        if (c >= 0) {
          if (c >= nodes || nodeSeen[c]) {
            return "node " + n + " has child " + c + " which is out of range or reached twice";
          }
          nodeSeen[c] = true;
        } else {
          int l = ~c;
          if (l >= leaves || leafSeen[l]) {
            return "node " + n + " has leaf " + l + " which is out of range or reached twice";
          }
          leafSeen[l] = true;
        }
      }
    }
    return null;
  }

  static final class Ints {
    int[] data = new int[64];
    int size;

    void add(int v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }

  static final class Doubles {
    double[] data = new double[64];
    int size;

    void add(double v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }

    double[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }

  static final class Bytes {
    byte[] data = new byte[64];
    int size;

    void add(byte v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }

    byte[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
