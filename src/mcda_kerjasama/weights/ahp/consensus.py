"""Group consensus of AHP respondents: the Shannon-entropy consensus of AHP-OS.

Goepel (2018), "Implementation of an Online Software Tool for the Analytic Hierarchy
Process (AHP-OS)", IJAHP 10(3), the AHP-OS source (``AhpGroup::getConsensus``) and the
author's note on the indicator (bpmsg.com, "AHP consensus indicator": D_gamma,max = n,
his eq. 1.8 and 1.10, as AHP-OS and the AHP Excel template compute it).
The respondents' priority vectors over the same n criteria are treated as K samples of
a distribution and Shannon's entropy is partitioned into alpha (within), gamma (pooled)
and beta (between) parts:

* H_alpha = the mean over respondents of H(w_k) = -sum_j w_kj ln w_kj;
* H_gamma = H(w_bar), the entropy of the arithmetic mean of the priority vectors;
* H_beta = H_gamma - H_alpha >= 0, and the beta diversity D_beta = exp(H_beta), from 1
  (everyone gives the same priorities) up to K.

**Relative homogeneity** S = (1/D_beta - 1/n) / (1 - 1/n). **AHP consensus** S*
corrects it for what an AHP scale allows: the most uneven priorities a judge can give on
a scale up to M (M = 9 for Saaty's) are M/(n+M-1) for one criterion and 1/(n+M-1) for
the others, whose entropy is H_alpha,min; with H_gamma,max = ln n the correction is
c = exp(H_gamma,max - H_alpha,min) and S* = (1/D_beta - 1/c) / (1 - 1/c). S* is the
consensus indicator, reported from 0 to 1 (clipped: S* below 0 needs priority vectors
more extreme than the scale's, which only very inconsistent judgements give). Published
bands: **low** below 65 %, **moderate** 65-75 %, **high** above 75 %. Respondents count
equally (as in AHP-OS), whatever their weight in the aggregate.

Example: two judges with the same priorities agree completely; two who put opposite
criteria first at the scale's extreme reach the lowest consensus three criteria allow.

    >>> round(ahp_consensus([[0.5, 0.3, 0.2], [0.5, 0.3, 0.2]]).value, 6)
    1.0
    >>> c = ahp_consensus([[9 / 11, 1 / 11, 1 / 11], [1 / 11, 9 / 11, 1 / 11]])
    >>> round(c.value, 4), c.level
    (0.2755, 'low')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

ConsensusLevel = Literal["low", "moderate", "high"]

#: Below this S* the consensus is low (Goepel 2018).
CONSENSUS_LOW = 0.65
#: Above this S* the consensus is high; between the two it is moderate.
CONSENSUS_HIGH = 0.75
#: The largest value of Saaty's 1-9 scale.
SAATY_SCALE_MAX = 9.0


@dataclass(frozen=True)
class Consensus:
    """The consensus of K respondents over n criteria.

    ``value`` is S* (0..1), ``homogeneity`` the uncorrected S, ``level`` the published
    band of ``value``; the entropies are in nats.
    """

    value: float
    homogeneity: float
    level: ConsensusLevel
    respondents: int
    criteria: int
    alpha_entropy: float
    gamma_entropy: float
    beta_entropy: float
    scale_max: float


def consensus_level(value: float) -> ConsensusLevel:
    """The band of a consensus value: low < 0.65 <= moderate <= 0.75 < high.

    Example:
        >>> [consensus_level(v) for v in (0.64, 0.65, 0.75, 0.76)]
        ['low', 'moderate', 'moderate', 'high']
    """
    if value < CONSENSUS_LOW:
        return "low"
    if value > CONSENSUS_HIGH:
        return "high"
    return "moderate"


def shannon_entropy(p: Sequence[float] | np.ndarray) -> float:
    """-sum p ln p (0 ln 0 = 0), in nats.

    Example:
        >>> round(shannon_entropy([0.5, 0.5]), 6) == round(math.log(2), 6)
        True
    """
    arr = np.asarray(p, dtype=float)
    arr = arr[arr > 0]
    return float(-(arr * np.log(arr)).sum())


def minimum_alpha_entropy(n: int, scale_max: float = SAATY_SCALE_MAX) -> float:
    """H_alpha,min: the entropy of the most uneven priorities a scale up to ``scale_max``
    allows over ``n`` criteria (one at M/(n+M-1), the others at 1/(n+M-1)).

    Example:
        >>> round(minimum_alpha_entropy(3), 4)
        0.6002
    """
    total = n + scale_max - 1.0
    return shannon_entropy([scale_max / total] + [1.0 / total] * (n - 1))


def ahp_consensus(
    priorities: Sequence[Sequence[float]] | np.ndarray, *, scale_max: float = SAATY_SCALE_MAX
) -> Consensus:
    """The AHP-OS consensus S* of respondents' priority vectors (one row per respondent,
    one column per criterion; each row is normalised to sum to 1).

    One respondent, or one criterion, is a full consensus (1.0).

    Raises:
        ValueError: no respondent, rows of different lengths, or a weight that is not a
            positive finite number.

    Example:
        >>> c = ahp_consensus([[0.6, 0.4], [0.4, 0.6]])
        >>> round(c.value, 4), round(c.homogeneity, 4), c.level
        (0.9353, 0.9601, 'high')
    """
    matrix = np.asarray(priorities, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] == 0 or matrix.shape[1] == 0:
        raise ValueError("priorities: one row per respondent, one column per criterion")
    if not np.all(np.isfinite(matrix)) or np.any(matrix <= 0):
        raise ValueError("priorities must be positive finite numbers")
    matrix = matrix / matrix.sum(axis=1, keepdims=True)
    k, n = matrix.shape
    alpha = float(np.mean([shannon_entropy(row) for row in matrix]))
    gamma = shannon_entropy(matrix.mean(axis=0))
    beta = max(gamma - alpha, 0.0)
    if k == 1 or n == 1:
        return Consensus(1.0, 1.0, "high", k, n, alpha, gamma, beta, scale_max)
    inverse = math.exp(-beta)  # 1 / D_beta
    homogeneity = (inverse - 1.0 / n) / (1.0 - 1.0 / n)
    correction = math.exp(math.log(n) - minimum_alpha_entropy(n, scale_max))
    value = (inverse - 1.0 / correction) / (1.0 - 1.0 / correction)
    value = min(max(value, 0.0), 1.0)
    return Consensus(
        value=value,
        homogeneity=homogeneity,
        level=consensus_level(value),
        respondents=k,
        criteria=n,
        alpha_entropy=alpha,
        gamma_entropy=gamma,
        beta_entropy=beta,
        scale_max=scale_max,
    )
