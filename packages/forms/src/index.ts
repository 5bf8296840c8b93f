/** The name under which this package is published. */
export const packageName = '@flagon/forms';
