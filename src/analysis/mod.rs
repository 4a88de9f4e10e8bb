//! Analyses that explain a projection: why revenue moved, which lever binds. Pure functions over
//! projections and plans, like the model they call.
//!
//! [`bridge`] (the revenue bridge), [`sensitivity`] (the bottleneck finder), [`reverse`]
//! (reverse planning), [`optimize`] (the budget optimiser) and [`monte_carlo`].

pub mod bridge;
pub mod monte_carlo;
pub mod optimize;
pub mod reverse;
pub mod sensitivity;

/// Sorts a short list (a few dozen items at most) stably, moving an item after the next while
/// `after(item, next)`: an insertion sort, where the library's sort would add kilobytes of the
/// page's wasm for each type sorted.
pub fn sort_small_by<T>(v: &mut [T], after: impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && after(&v[j - 1], &v[j]) {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_short_list_sorts_stably() {
        let mut v = [(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        super::sort_small_by(&mut v, |a, b| a.0 > b.0);
        assert_eq!(v, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
    }
}
