/**
 * Data sets named by a short text ({@link org.convscope.vis.data.DataSpec}: {@code mnist:DIR},
 * {@code folder:DIR}, {@code shapes:SEED:COUNT}) and loose image files as an unlabelled data set
 * ({@link org.convscope.vis.data.QueryImages}).
 */
package org.convscope.vis.data;
