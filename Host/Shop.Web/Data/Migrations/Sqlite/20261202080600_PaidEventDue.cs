using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shop.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PaidEventDue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "PaidEventDueUtc",
                table: "Orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Orders_PaidEventDueUtc",
                table: "Orders",
                column: "PaidEventDueUtc",
                filter: "\"PaidEventDueUtc\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_PaidEventDueUtc",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "PaidEventDueUtc",
                table: "Orders");
        }
    }
}
