//! Zeroed arrays for the big hash tables of the engine.
//!
//! A worker's token table grows to tens of megabytes and is read at random, once per token.
//! With 4 KiB pages nearly every lookup misses the TLB, and filling a fresh table costs a
//! page fault per 4 KiB. Large arrays are therefore taken straight from the operating system
//! as anonymous memory (which is zeroed) and, on Linux, marked for transparent huge pages:
//! 2 MiB pages where the system allows them (`madvise`), ordinary pages otherwise. Small
//! arrays, and any platform where anonymous memory is not available, use the heap.

use bytemuck::Pod;
use std::marker::PhantomData;

/// Arrays of at least this many bytes come from the operating system.
const OS_BYTES: usize = 2 << 20;

/// A fixed-length array of `T` that starts out all zeros.
pub(crate) struct ZeroedArray<T: Pod> {
    mem: Mem<T>,
}

enum Mem<T: Pod> {
    Heap(Vec<T>),
    Os(memmap2::MmapMut, PhantomData<T>),
}

impl<T: Pod> ZeroedArray<T> {
    /// `n` zeroed elements.
    pub(crate) fn new(n: usize) -> ZeroedArray<T> {
        let bytes = n * std::mem::size_of::<T>();
        let mem = if bytes >= OS_BYTES {
            match memmap2::MmapMut::map_anon(bytes) {
                Ok(map) => {
                    // Only a hint: without transparent huge pages the memory is still good.
                    #[cfg(target_os = "linux")]
                    let _ = map.advise(memmap2::Advice::HugePage);
                    Mem::Os(map, PhantomData)
                }
                Err(_) => Mem::Heap(bytemuck::zeroed_vec(n)),
            }
        } else {
            Mem::Heap(bytemuck::zeroed_vec(n))
        };
        ZeroedArray { mem }
    }

    /// The elements.
    #[inline(always)]
    pub(crate) fn as_slice(&self) -> &[T] {
        match &self.mem {
            Mem::Heap(v) => v,
            // Page-aligned and a whole number of elements long, so the cast cannot fail.
            Mem::Os(map, _) => bytemuck::cast_slice(map),
        }
    }

    /// The elements, to change.
    #[inline(always)]
    pub(crate) fn as_mut_slice(&mut self) -> &mut [T] {
        match &mut self.mem {
            Mem::Heap(v) => v,
            Mem::Os(map, _) => bytemuck::cast_slice_mut(map),
        }
    }
}

impl<T: Pod> Clone for ZeroedArray<T> {
    fn clone(&self) -> ZeroedArray<T> {
        let mut copy = ZeroedArray::new(self.as_slice().len());
        copy.as_mut_slice().copy_from_slice(self.as_slice());
        copy
    }
}

impl<T: Pod> std::fmt::Debug for ZeroedArray<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.mem {
            Mem::Heap(_) => "heap",
            Mem::Os(..) => "os",
        };
        write!(f, "ZeroedArray({} elements, {kind})", self.as_slice().len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_arrays_start_zeroed_and_keep_writes() {
        for n in [0, 1, 1000, (OS_BYTES / 8) + 3] {
            let mut a = ZeroedArray::<u64>::new(n);
            assert_eq!(a.as_slice().len(), n);
            assert!(a.as_slice().iter().all(|&x| x == 0));
            if n > 0 {
                a.as_mut_slice()[n - 1] = 7;
                let b = a.clone();
                assert_eq!(b.as_slice()[n - 1], 7);
                assert_eq!(b.as_slice().len(), n);
            }
        }
    }
}
