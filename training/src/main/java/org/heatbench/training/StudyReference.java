package org.heatbench.training;

import org.heatbench.datasets.Target;

/**
 * The test-split errors of the reference study's published StevenNet models (Storås et al., JAMIA 2025;
 * {@code ../shared/docs/reference-study.md}), on their GAN-generated data.
 *
 * @param mae mean absolute error in the target's unit
 * @param rmse root mean squared error in the target's unit
 */
public record StudyReference(double mae, double rmse) {

    /** @return the study's published MAE / RMSE for {@code t} */
    public static StudyReference of(Target t) {
        return switch (t) {
            case QT -> new StudyReference(3.57, 5.33);
            case PR -> new StudyReference(4.78, 7.07);
            case QRS -> new StudyReference(2.87, 4.25);
            case STJ_V5 -> new StudyReference(7.86, 10.98);
            case T_AMP_V5 -> new StudyReference(6.57, 11.02);
            case R_AMP_V5 -> new StudyReference(27.7, 96.1);
            case HR -> new StudyReference(0.64, 1.08);
        };
    }
}
