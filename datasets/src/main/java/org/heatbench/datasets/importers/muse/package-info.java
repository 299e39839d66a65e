/**
 * GE MUSE {@code <RestingECG>} XML exports: the median beat or the rhythm strip with the 12SL measurements,
 * fiducials and diagnosis statements ({@link org.heatbench.datasets.importers.muse.MuseSource}). The XML is read
 * with StAX, DTDs and external entities off.
 */
package org.heatbench.datasets.importers.muse;
