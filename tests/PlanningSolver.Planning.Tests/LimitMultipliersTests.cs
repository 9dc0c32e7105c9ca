using PlanningSolver.Planning.Evaluation;

namespace PlanningSolver.Planning.Tests;

/// <summary>
/// <see cref="LimitMultipliers"/> on a linear traffic response, where every quantity has a closed form (hand
/// derivation): flows y(π) = y₀ + J (π − π₀), two limit rows over three stations.
/// </summary>
public sealed class LimitMultipliersTests
{
    // Rows already scaled to a largest entry of 1, so Â = A.
    private static readonly double[][] Rows = [[1.0, 0.5, 0.0], [0.0, 0.25, 1.0]];

    // A symmetric negative definite response (EV/h per USD/kWh).
    private static readonly double[,] Response = { { -4, 1, 0 }, { 1, -3, 0.5 }, { 0, 0.5, -2 } };

    [Fact]
    public void On_a_linear_response_one_newton_step_meets_both_limits()
    {
        var search = new LimitMultipliers(Rows, Response);
        double[] origin = [0.2, 0.2, 0.2];
        double[] excessAtOrigin = [0.3, -0.1]; // Â (y(π₀) − y*), EV/h
        var step = search.Step(excessAtOrigin, [true, true]);

        // After the step the prices are π₀ + Âᵀμ, the flows y₀ + J Âᵀ μ, and the excess r₀ + Â J Âᵀ μ must vanish.
        var move = search.Prices(origin, step).Select((p, s) => p - origin[s]).ToArray();
        for (var a = 0; a < 2; a++)
        {
            var change = 0.0;
            for (var s = 0; s < 3; s++)
            {
                for (var t = 0; t < 3; t++)
                {
                    change += Rows[a][s] * Response[s, t] * move[t];
                }
            }

            Assert.Equal(0, excessAtOrigin[a] + change, 12);
        }
    }

    [Fact]
    public void A_limit_left_out_of_the_step_keeps_its_multiplier()
    {
        var search = new LimitMultipliers(Rows, Response);
        var step = search.Step([0.3, -0.1], [true, false]);
        Assert.Equal(0, step[1]);

        // One limit: μ = −r / (â J âᵀ), â J âᵀ = −4 + 2·0.5·1 + 0.25·(−3) = −3.75 (hand).
        Assert.Equal(0.3 / 3.75, step[0], 12);
    }

    [Fact]
    public void Fit_recovers_the_multipliers_and_off_rows_is_orthogonal_to_them()
    {
        var search = new LimitMultipliers(Rows, Response);
        double[] mu = [0.07, 0.02];
        double[] smoothOff = [0.001, -0.002, 0.0005];

        // Make the off-row part orthogonal to both rows first (Gram–Schmidt by hand is long; use the search's own
        // projection, then check its defining property on the result).
        var off = search.OffRows(smoothOff);
        foreach (var row in Rows)
        {
            Assert.Equal(0, row.Select((x, s) => x * off[s]).Sum(), 14);
        }

        var difference = Enumerable.Range(0, 3).Select(s => off[s] + (mu[0] * Rows[0][s]) + (mu[1] * Rows[1][s])).ToArray();
        var fitted = search.Fit(difference);
        Assert.Equal(mu[0], fitted[0], 12);
        Assert.Equal(mu[1], fitted[1], 12);
    }

    [Fact]
    public void The_residual_is_the_excess_over_the_row_scale()
    {
        // Unscaled rows: the residual is in EV/h along the scaled row, excess / largest entry.
        var search = new LimitMultipliers([[2e-3, 1e-3, 0], [0, 5e-4, 1e-3]], Response);
        var residual = search.Residual([4e-6, -1e-6]);
        Assert.Equal(2e-3, residual[0], 15);
        Assert.Equal(-1e-3, residual[1], 15);
    }
}
