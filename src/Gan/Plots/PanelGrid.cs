namespace Engine.Gan.Plots;

/// <summary>Space around each plot area of a <see cref="PanelGrid"/>, in pixels.</summary>
/// <param name="Left">Room for y tick labels and a y-axis title.</param>
/// <param name="Top">Room for the panel title.</param>
/// <param name="Right">Room for a colour bar or just a gap.</param>
/// <param name="Bottom">Room for x tick labels and an x-axis title.</param>
public readonly record struct PanelMargins(int Left, int Top, int Right, int Bottom)
{
    /// <summary>Margins that fit ticks, axis titles and a one-line panel title.</summary>
    public static PanelMargins Default => new(64, 30, 20, 44);
}

/// <summary>
/// A figure of <c>rows x columns</c> equally sized plot areas under a title band: the canvas and one <see cref="Axes"/>
/// per cell, for multi-panel figures such as the paper's 2 x 3 value surfaces.
/// </summary>
public sealed class PanelGrid
{
    /// <summary>Height of the band holding the figure title, in pixels.</summary>
    public const int HeaderHeight = 40;

    private readonly Axes[,] _axes;

    /// <summary>Lays out the grid on a new white canvas and draws <paramref name="title"/> centred in the header band.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is less than 1 or a plot size less than 2 pixels.</exception>
    public PanelGrid(int rows, int columns, int plotWidth, int plotHeight, string title, PanelMargins? margins = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(plotWidth, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(plotHeight, 2);
        var m = margins ?? PanelMargins.Default;
        int cellWidth = m.Left + plotWidth + m.Right, cellHeight = m.Top + plotHeight + m.Bottom;
        Canvas = new Canvas(columns * cellWidth, HeaderHeight + rows * cellHeight, Rgb.White);
        Canvas.DrawTextCentered(Canvas.Width / 2, 12, title, Rgb.Black, scale: 2);
        _axes = new Axes[rows, columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                _axes[r, c] = new Axes(Canvas, c * cellWidth + m.Left, HeaderHeight + r * cellHeight + m.Top, plotWidth, plotHeight);
    }

    /// <summary>The canvas the panels are drawn on.</summary>
    public Canvas Canvas { get; }

    /// <summary>Number of panel rows.</summary>
    public int Rows => _axes.GetLength(0);

    /// <summary>Number of panel columns.</summary>
    public int Columns => _axes.GetLength(1);

    /// <summary>The axes of the panel in <paramref name="row"/>, <paramref name="column"/> (0-based, top-left first).</summary>
    public Axes this[int row, int column] => _axes[row, column];
}
