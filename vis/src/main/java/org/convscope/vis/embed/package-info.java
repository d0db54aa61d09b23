/**
 * The representation space: where a layer's codes put the images.
 *
 * <ul>
 * <li>{@link org.convscope.vis.embed.Tsne}: t-SNE (van der Maaten &amp; Hinton 2008), exact or
 *     Barnes-Hut (van der Maaten 2014), as {@code init / step / result}; the input similarities
 *     (perplexity calibration, symmetric P, dense or sparse) are in
 *     {@link org.convscope.vis.embed.Affinities}, the Barnes-Hut quadtree in {@code QuadTree}, the
 *     PCA initialization in {@link org.convscope.vis.embed.Pca}.</li>
 * <li>{@link org.convscope.vis.embed.Neighbours}: exact k nearest neighbours by L2 (a reference scan,
 *     and a GEMM search with certified candidates).</li>
 * <li>Pictures: {@link org.convscope.vis.embed.EmbeddingPictures} (scatter coloured by class, image
 *     grid snapped to cells) and {@link org.convscope.vis.embed.NeighbourRows} (nearest neighbours in
 *     pixel space beside those in code space, Krizhevsky et al. 2012).</li>
 * </ul>
 * The math returns arrays; the pictures are drawn from them separately. The commands are
 * {@code convscope tsne} and {@code convscope neighbours}.
 */
package org.convscope.vis.embed;
