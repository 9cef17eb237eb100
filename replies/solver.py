"""Linear classifiers fitted in numpy (float32, one thread): multinomial logistic
regression by L-BFGS, and one-vs-rest L2-loss SVMs by Newton's method with conjugate
gradients (liblinear's primal method), so that no fit needs scikit-learn, whose import
alone costs more than a second at start.

The logistic objective is scikit-learn's ``LogisticRegression`` (lbfgs) objective scaled by the
total sample weight: mean weighted cross-entropy + ||W||² / (2 C Σw), intercept not
penalised. Written here because scipy's L-BFGS-B spends most of the fit in its own
bookkeeping at a million parameters; the two-loop recursion below is a few vector
operations per iteration, so the fit is bound by the two sparse products.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import numpy as np
from scipy.linalg.blas import saxpy as _axpy
from scipy.linalg.blas import sdot as _dot

Objective = Callable[[np.ndarray], tuple[float, np.ndarray]]


def fit_softmax(
    matrix: object, y: np.ndarray, classes: int, row_weight: np.ndarray, *, c: float,
    max_iter: int = 300, tol: float = 1e-3, memory: int = 5,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Weights (features x classes) and biases of the L2-regularised softmax regression."""
    from scipy.sparse import csr_matrix

    x = csr_matrix(matrix, dtype=np.float32)
    xt = x.T.tocsr()
    rows, features = x.shape
    weight = (row_weight / row_weight.sum()).astype(np.float32)[:, None]
    onehot = np.zeros((rows, classes), dtype=np.float32)
    onehot[np.arange(rows), y] = 1.0
    l2 = np.float32(1.0 / (c * float(row_weight.sum())))
    cut = features * classes

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[:cut].reshape(features, classes)
        z = x @ w + theta[cut:]
        z -= z.max(axis=1, keepdims=True)
        exp = np.exp(z)
        total = exp.sum(axis=1, keepdims=True)
        loss = float((weight[:, 0] * (np.log(total[:, 0]) - (z * onehot).sum(axis=1))).sum())
        residual = (exp / total - onehot) * weight
        grad = np.empty_like(theta)
        grad[:cut] = (xt @ residual + l2 * w).ravel()
        grad[cut:] = residual.sum(axis=0)
        return loss + 0.5 * float(l2) * float(np.dot(theta[:cut], theta[:cut])), grad

    theta = minimize(objective, np.zeros(cut + classes, dtype=np.float32), max_iter, tol, memory)
    return theta[:cut].reshape(features, classes), theta[cut:].astype(np.float64)


def fit_squared_hinge(
    matrix: object, y: np.ndarray, classes: int, row_weight: np.ndarray, *, c: float,
    tol: float = 1e-2, max_newton: int = 50, max_cg: int = 50,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Weights (features x classes) and biases of one-vs-rest L2-loss linear SVMs.

    liblinear's primal objective, every class's at once: ||W||² / 2 + C Σᵢₖ wᵢ max(0, 1 -
    tᵢₖ zᵢₖ)² with tᵢₖ = +1 for row i's class and -1 otherwise, the bias a feature of
    value 1 (penalised, as scikit-learn's ``LinearSVC`` with ``intercept_scaling=1``).
    Each Newton step solves H d = -g by conjugate gradients (H v = v + 2C Xᵀ(D ⊙ Xv),
    D the weights of the rows inside their margin) to a tenth of the gradient, then
    backtracks; it stops when |g| < tol |g₀|, liblinear's own rule.
    """
    from scipy.sparse import csr_matrix, hstack

    features = csr_matrix(matrix, dtype=np.float32)
    rows = features.shape[0]
    x = csr_matrix(hstack([features, np.ones((rows, 1), dtype=np.float32)], format="csr"))
    xt = x.T.tocsr()
    sign = np.full((rows, classes), -1.0, dtype=np.float32)
    sign[np.arange(rows), y] = 1.0
    weight = (c * row_weight).astype(np.float32)[:, None]

    def objective(w: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        slack = np.maximum(1.0 - sign * (x @ w), 0.0)
        loss = 0.5 * float(np.vdot(w, w)) + float(np.vdot(weight * slack, slack))
        return loss, w - 2.0 * (xt @ (weight * sign * slack)), slack > 0.0

    w = np.zeros((x.shape[1], classes), dtype=np.float32)
    loss, grad, inside = objective(w)
    first = float(np.linalg.norm(grad))
    for _ in range(max_newton):
        norm = float(np.linalg.norm(grad))
        if norm <= tol * first:
            break
        curvature = 2.0 * weight * inside

        def hessian(v: np.ndarray, curvature: np.ndarray = curvature) -> np.ndarray:
            return v + xt @ (curvature * (x @ v))

        step = _conjugate_gradients(hessian, grad, norm, max_cg)
        slope, size = float(np.vdot(grad, step)), 1.0
        while True:
            candidate = w + np.float32(size) * step
            new_loss, new_grad, new_inside = objective(candidate)
            if new_loss <= loss + 0.01 * size * slope or size < 1e-4:
                break
            size *= 0.5
        w, loss, grad, inside = candidate, new_loss, new_grad, new_inside
    return w[:-1], w[-1].astype(np.float64)


def _conjugate_gradients(
    product: Callable[[np.ndarray], np.ndarray], grad: np.ndarray, norm: float, max_iter: int
) -> np.ndarray:
    """d with H d ≈ -grad (to a tenth of |grad|), H positive definite given as a product."""
    step = np.zeros_like(grad)
    residual = -grad
    direction = residual.copy()
    squared = float(np.vdot(residual, residual))
    for _ in range(max_iter):
        curved = product(direction)
        alpha = squared / float(np.vdot(direction, curved))
        step += np.float32(alpha) * direction
        residual -= np.float32(alpha) * curved
        new = float(np.vdot(residual, residual))
        if new <= (0.1 * norm) ** 2:
            break
        direction = residual + np.float32(new / squared) * direction
        squared = new
    return step


def minimize(
    objective: Objective, theta: np.ndarray, max_iter: int, tol: float, memory: int = 5
) -> np.ndarray:
    """L-BFGS with a backtracking (Armijo) line search; stops when max |gradient| < tol."""
    loss, grad = objective(theta)
    history: deque[tuple[np.ndarray, np.ndarray, float]] = deque(maxlen=memory)
    for _ in range(max_iter):
        if float(np.abs(grad).max()) < tol:
            break
        direction = -_two_loop(grad, history)
        slope = float(np.dot(grad, direction))
        if slope >= 0:  # not a descent direction: restart from the gradient
            history.clear()
            direction, slope = -grad, -float(np.dot(grad, grad))
        step = 1.0 if history else 1.0 / max(float(np.abs(grad).max()), 1.0)
        while True:
            candidate = theta + np.float32(step) * direction
            new_loss, new_grad = objective(candidate)
            if new_loss <= loss + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s, change = candidate - theta, new_grad - grad
        sy = float(np.dot(s, change))
        if sy > 1e-12:
            history.append((s, change, 1.0 / sy))
        theta, loss, grad = candidate, new_loss, new_grad
    return theta


def _two_loop(grad: np.ndarray, history: deque[tuple[np.ndarray, np.ndarray, float]]) -> np.ndarray:
    # BLAS axpy updates q in one pass where numpy needs three (temporary, subtract, store):
    # at a million parameters this loop is most of an iteration.
    q = grad.copy()
    alphas = []
    for s, change, rho in reversed(history):
        alpha = rho * float(_dot(s, q))
        q = _axpy(change, q, a=-alpha)
        alphas.append(alpha)
    if history:
        s, change, _ = history[-1]
        q *= np.float32(float(_dot(s, change)) / float(_dot(change, change)))
    for (s, change, rho), alpha in zip(history, reversed(alphas)):
        beta = rho * float(_dot(change, q))
        q = _axpy(s, q, a=alpha - beta)
    return q
