package org.heatbench.perturbation.stats;

import java.io.Serializable;
import java.util.Objects;
import org.heatbench.perturbation.eval.CurveKind;

/**
 * A score of one curve kind, e.g. ({@code error}, {@code auc}).
 *
 * @param curve the curve kind
 * @param score the score name ({@link org.heatbench.perturbation.eval.ScoreLayout})
 */
public record ScoreKey(CurveKind curve, String score) implements Serializable, Comparable<ScoreKey> {
    private static final long serialVersionUID = 1L;

    public ScoreKey {
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(score, "score");
    }

    @Override
    public int compareTo(ScoreKey o) {
        int c = curve.compareTo(o.curve);
        return c != 0 ? c : score.compareTo(o.score);
    }

    @Override
    public String toString() {
        return curve.key() + ":" + score;
    }
}
